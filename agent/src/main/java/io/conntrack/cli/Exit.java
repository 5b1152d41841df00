package io.conntrack.cli;

/** The CLI's exit codes (documented in docs/operations.md and in {@code --help}). */
final class Exit {

    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;
    static final int NO_JVM = 3;
    static final int ATTACH_REFUSED = 4;
    static final int NOT_LOADED = 5;
    static final int INCOMPATIBLE = 6;

    static final String HELP =
            "Exit codes: 0 done, 1 unexpected failure, 2 bad arguments, 3 no such process or not a Java VM,\n"
            + "  4 attach refused (other user, attach disabled, dynamic agent loading disabled),\n"
            + "  5 ConnTrack is not running in that JVM, 6 the JVM runs an incompatible ConnTrack version.\n";

    private Exit() {
    }
}
