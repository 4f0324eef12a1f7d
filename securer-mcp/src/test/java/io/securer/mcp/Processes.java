package io.securer.mcp;

import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/** What the ITs started is gone when they end: waits on process exit events, with a timeout. */
final class Processes {
    private Processes() {
    }

    /** The R processes (the interpreter itself, inside its sandbox) below {@code root}. */
    static List<ProcessHandle> rProcesses(ProcessHandle root) {
        return root.descendants()
                .filter(p -> p.info().command().map(c -> c.endsWith("/exec/R") || c.endsWith("/bin/R")).orElse(false))
                .toList();
    }

    /**
     * Every process this test JVM started and their children, now. Take it before stopping them:
     * a child whose parent died is no longer a descendant, and would escape a later look.
     */
    static List<ProcessHandle> descendants() {
        return ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).toList();
    }

    /** Waits until all of {@code processes} have exited; fails naming those still alive. */
    static void awaitExit(List<ProcessHandle> processes, Duration timeout) {
        CompletableFuture<?>[] exits = processes.stream().map(ProcessHandle::onExit).toArray(CompletableFuture[]::new);
        try {
            CompletableFuture.allOf(exits).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            fail("still running after " + timeout + ": " + describe(processes.stream().filter(ProcessHandle::isAlive)
                    .toList()));
        } catch (ExecutionException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static String describe(List<ProcessHandle> processes) {
        return processes.stream().map(p -> p.pid() + " " + p.info().commandLine().orElse("?"))
                .collect(Collectors.joining("; ", "[", "]"));
    }
}
