package io.securer.redis;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code redis-server} of the test's own: on a free loopback port, with its directory in
 * the test's temporary directory, no persistence, stopped by its pid. {@link #start()} returns once
 * it answers PING. A missing {@code redis-server} fails the test (nothing is skipped).
 */
final class RedisServer implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(20);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

    private final Path dir;
    private final int port;
    private Process process;
    private Thread shutdownHook;

    private RedisServer(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    /** Starts a server on a free port with its files under {@code dir}. */
    static RedisServer start(Path dir) throws IOException {
        for (int attempt = 1; ; attempt++) {
            RedisServer server = new RedisServer(dir, freePort());
            try {
                server.startAgain();
                return server;
            } catch (PortTakenException e) {
                if (attempt == 3) {
                    throw e;
                }
                // another process took the free port before redis-server bound it: try another one
            }
        }
    }

    /** redis-server could not bind its port. */
    private static final class PortTakenException extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        PortTakenException(String message) {
            super(message);
        }
    }

    int port() {
        return port;
    }

    String uri() {
        return "redis://127.0.0.1:" + port;
    }

    long pid() {
        return process.pid();
    }

    boolean running() {
        return process != null && process.isAlive();
    }

    /** Starts the server again on the same port (after {@link #stop()}); returns once it answers PING. */
    void startAgain() throws IOException {
        if (running()) {
            throw new IllegalStateException("redis-server is already running (pid " + process.pid() + ")");
        }
        Path log = dir.resolve("redis-" + port + ".log");
        List<String> command = List.of(executable(), "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--dir", dir.toString(), "--daemonize", "no",
                "--enable-debug-command", "local");
        process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        Process started = process;
        shutdownHook = new Thread(started::destroyForcibly, "redis-server-" + port + "-stopper");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (!answersPing(1000)) {
            if (!started.isAlive()) {
                forget();
                String text = Files.readString(log);
                String message = "redis-server exited with status " + started.exitValue() + " at start; its log:\n"
                        + text;
                throw text.contains("Address already in use") ? new PortTakenException(message)
                        : new IllegalStateException(message);
            }
            if (System.nanoTime() > deadline) {
                stop();
                throw new IllegalStateException("redis-server did not answer PING on port " + port + " within "
                        + START_TIMEOUT + "; its log:\n" + Files.readString(log));
            }
            Poll.pause();
        }
    }

    /** Stops the server (SIGTERM, then SIGKILL if it lingers) and waits until it has exited. */
    void stop() {
        Process p = process;
        if (p == null) {
            return;
        }
        try {
            p.destroy();
            if (!p.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                if (!p.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                    throw new IllegalStateException("redis-server (pid " + p.pid() + ") did not exit after SIGKILL");
                }
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        } finally {
            forget();
        }
    }

    @Override
    public void close() {
        stop();
    }

    private void forget() {
        process = null;
        if (shutdownHook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException e) {
                // the JVM is shutting down: the hook runs anyway
            }
            shutdownHook = null;
        }
    }

    /** Whether the server answers PING within {@code timeoutMillis} (a busy server does not). */
    boolean answersPing(int timeoutMillis) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), timeoutMillis);
            s.setSoTimeout(timeoutMillis);
            OutputStream out = s.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String line = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII))
                    .readLine();
            return "+PONG".equals(line);
        } catch (IOException e) {
            return false;
        }
    }

    private static String executable() {
        for (String entry : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(entry.isEmpty() ? "." : entry, "redis-server");
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        throw new AssertionError("redis-server is not on PATH: the Redis integration tests need a real one. Install "
                + "it with scripts/install-prereqs.sh (or apt-get install -y --no-install-recommends redis-server)");
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
