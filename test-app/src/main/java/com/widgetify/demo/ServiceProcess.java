package com.widgetify.demo;

import com.widgetify.WidgetifyServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The service in its own JVM, as in production. Both of its output streams are kept in a log file;
 * stderr lines are also kept in memory with the moment they were read, so the demo can tell when
 * each ConnTrack warning came.
 */
public final class ServiceProcess implements AutoCloseable {

    private final Process process;
    private final List<LogLine> stderr = new ArrayList<>();
    private final CountDownLatch ready = new CountDownLatch(1);
    private final List<Thread> pumps = new ArrayList<>();
    private final PrintWriter log;
    private volatile int port = -1;

    private ServiceProcess(Process process, PrintWriter log) {
        this.process = process;
        this.log = log;
    }

    /**
     * Starts {@code java [jvmOptions] -cp classPath com.widgetify.WidgetifyServer} and waits until it
     * serves; fails when it does not within the timeout.
     */
    public static ServiceProcess start(List<String> jvmOptions, String classPath, Path logFile, long timeoutMillis)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmOptions);
        cmd.add("-Dwidgetify.port=0");
        cmd.add("-cp");
        cmd.add(classPath);
        cmd.add(WidgetifyServer.class.getName());
        Files.createDirectories(logFile.getParent());
        PrintWriter log = new PrintWriter(Files.newBufferedWriter(logFile, StandardCharsets.UTF_8), true);
        log.println("# " + String.join(" ", cmd));
        ServiceProcess s = new ServiceProcess(new ProcessBuilder(cmd).start(), log);
        s.pump(s.process.getInputStream(), "out", s::onStdout);
        s.pump(s.process.getErrorStream(), "err", s::onStderr);
        if (!s.ready.await(timeoutMillis, TimeUnit.MILLISECONDS) || s.port < 0) {
            s.close();
            throw new IOException("the service did not start within " + timeoutMillis + "ms; see " + logFile);
        }
        return s;
    }

    public int port() {
        return port;
    }

    public long pid() {
        return process.pid();
    }

    /** Every stderr line so far, in order. */
    public List<LogLine> stderrLines() {
        synchronized (stderr) {
            return new ArrayList<>(stderr);
        }
    }

    private void onStdout(String line) {
        if (line.startsWith(WidgetifyServer.READY_PREFIX)) {
            port = Integer.parseInt(line.substring(WidgetifyServer.READY_PREFIX.length()).trim());
            ready.countDown();
        }
    }

    private void onStderr(String line) {
        synchronized (stderr) {
            stderr.add(new LogLine(System.currentTimeMillis(), line));
        }
    }

    private void pump(InputStream in, String name, Consumer<String> sink) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    sink.accept(line);
                    synchronized (log) {
                        log.println(name + ": " + line);
                    }
                }
            } catch (IOException e) {
                // the process is gone
            } finally {
                ready.countDown();
            }
        }, "service-" + name);
        t.setDaemon(true);
        pumps.add(t);
        t.start();
    }

    /** Asks the service to stop (its shutdown hooks run, so ConnTrack writes its exit dump) and waits. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(15, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(5, TimeUnit.SECONDS);
        }
        for (Thread t : pumps) {
            t.join(2000); // they end with the process' streams; after this, every line is in
        }
        synchronized (log) {
            log.flush();
        }
    }
}
