package com.acme.footprint;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * What the agent adds to a process: prints every live thread (THREAD name daemon), every TCP port this
 * process listens on (LISTEN port, from /proc), then returns from main holding {@code args[0]} open
 * connections, after printing the wall-clock time (EXITING millis) so the parent can time the exit.
 * With a second argument "control" it first opens a server socket itself, to prove the port check sees one.
 */
public final class FootprintScenario {

    public static void main(String[] args) throws Exception {
        int open = Integer.parseInt(args[0]);
        ServerSocket control = args.length > 1 && args[1].equals("control") ? new ServerSocket(0) : null;
        List<Connection> held = new ArrayList<>();
        for (int i = 0; i < open; i++) {
            held.add(DriverManager.getConnection("jdbc:h2:mem:footprint;DB_CLOSE_DELAY=-1")); // OPEN
        }
        Thread.sleep(300); // let a lazily started agent thread appear
        for (long end = System.nanoTime() + 20_000_000_000L; System.nanoTime() < end && startThreadAlive(); ) {
            Thread.sleep(20); // the agent's short-lived start-up thread (JFR and JMX set-up) is not one it keeps
        }
        for (Map.Entry<Thread, StackTraceElement[]> e : Thread.getAllStackTraces().entrySet()) {
            System.out.println("THREAD " + e.getKey().getName() + " " + e.getKey().isDaemon());
        }
        for (int port : listeningPorts()) {
            System.out.println("LISTEN " + port);
        }
        System.out.println("HELD " + held.size() + (control != null ? " CONTROL " + control.getLocalPort() : ""));
        System.out.println("EXITING " + System.currentTimeMillis());
    }

    private static boolean startThreadAlive() {
        return Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals("conntrack-start"));
    }

    /** Ports in LISTEN state whose socket inode is one of this process's file descriptors. */
    static Set<Integer> listeningPorts() throws IOException {
        Set<String> mySockets = new HashSet<>();
        try (Stream<Path> fds = Files.list(Paths.get("/proc/self/fd"))) {
            for (Path fd : (Iterable<Path>) fds::iterator) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) {
                        mySockets.add(target.substring(8, target.length() - 1));
                    }
                } catch (IOException gone) {
                    // closed meanwhile
                }
            }
        }
        Set<Integer> ports = new HashSet<>();
        for (String table : new String[] {"/proc/self/net/tcp", "/proc/self/net/tcp6"}) {
            Path p = Paths.get(table);
            if (!Files.exists(p)) {
                continue;
            }
            for (String line : Files.readAllLines(p)) {
                String[] f = line.trim().split("\\s+");
                if (f.length > 9 && f[3].equals("0A") && mySockets.contains(f[9])) {
                    String local = f[1];
                    ports.add(Integer.parseInt(local.substring(local.indexOf(':') + 1), 16));
                }
            }
        }
        return ports;
    }
}
