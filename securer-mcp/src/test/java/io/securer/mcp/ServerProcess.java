package io.securer.mcp;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/**
 * A securer-mcp jar started by a test as a process: stderr is read on a daemon thread (kept for
 * assertions, and so the server never blocks on a full pipe), stdin and stdout are the caller's.
 * {@link #close()} stops it and checks that nothing it started is left (idempotent).
 */
final class ServerProcess implements AutoCloseable {
    private final Process process;
    private final List<String> stderr = new ArrayList<>();
    private final List<Waiter> waiters = new ArrayList<>();
    private boolean closed;

    private record Waiter(Predicate<String> match, CompletableFuture<String> line) {
    }

    ServerProcess(List<String> command, Map<String, String> env) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().putAll(env);
        process = pb.start();
        Thread reader = new Thread(this::readStderr, "test-server-stderr-" + process.pid());
        reader.setDaemon(true);
        reader.start();
    }

    private void readStderr() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getErrorStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                synchronized (this) {
                    stderr.add(line);
                    for (Waiter w : waiters) {
                        if (w.match().test(line)) {
                            w.line().complete(line);
                        }
                    }
                }
            }
        } catch (IOException e) {
            // the process ended; what was read is kept
        }
        synchronized (this) {
            waiters.forEach(w -> w.line().completeExceptionally(new IllegalStateException(
                    "stderr ended without the line; it was:\n" + String.join("\n", stderr))));
        }
    }

    /** The first stderr line matching {@code match}, waiting up to {@code timeout} for it. */
    String awaitStderr(Predicate<String> match, Duration timeout) throws InterruptedException {
        CompletableFuture<String> line = new CompletableFuture<>();
        synchronized (this) {
            stderr.stream().filter(match).findFirst().ifPresent(line::complete);
            waiters.add(new Waiter(match, line));
        }
        try {
            return line.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException("no such stderr line within " + timeout + "; stderr so far:\n" + stderr());
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
        }
    }

    synchronized String stderr() {
        return String.join("\n", stderr);
    }

    Process process() {
        return process;
    }

    /** Waits for the process to end by itself; its exit status, or fails after {@code timeout}. */
    int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("still running after " + timeout + "; stderr:\n" + stderr());
        }
        return process.exitValue();
    }

    /**
     * Sends SIGTERM and waits for the server and everything it started (R sessions, upstream
     * servers) to exit; fails the test if any is still running after 15 s, after killing it.
     */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
        tree.add(process.toHandle());
        process.destroy();
        try {
            Processes.awaitExit(tree, Duration.ofSeconds(15));
        } finally {
            tree.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        }
    }
}
