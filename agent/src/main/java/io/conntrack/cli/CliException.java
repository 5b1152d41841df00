package io.conntrack.cli;

/** A failure the CLI reports in plain words, with its exit code. */
final class CliException extends Exception {

    private static final long serialVersionUID = 1L;
    final int exitCode;

    CliException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    CliException(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }
}
