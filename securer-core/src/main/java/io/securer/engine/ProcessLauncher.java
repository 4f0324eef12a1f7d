package io.securer.engine;

import java.io.IOException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Starts every child process from one long-lived daemon thread. Why: bubblewrap's
 * --die-with-parent (PR_SET_PDEATHSIG) fires when the <em>thread</em> that forked the child
 * exits, so a session created on a short-lived thread would otherwise lose its child when that
 * thread ends.
 */
public final class ProcessLauncher {
    private static final ExecutorService LAUNCHER = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "securer-launcher");
        t.setDaemon(true);
        return t;
    });

    private ProcessLauncher() {
    }

    public static Process start(ProcessBuilder pb) throws IOException, InterruptedException {
        Future<Process> f = LAUNCHER.submit(pb::start);
        try {
            return f.get();
        } catch (InterruptedException e) {
            // The start may still complete; do not leave its process behind.
            f.cancel(false);
            try {
                if (!f.isCancelled()) {
                    f.get(30, java.util.concurrent.TimeUnit.SECONDS).destroyForcibly();
                }
            } catch (ExecutionException | java.util.concurrent.TimeoutException
                     | java.util.concurrent.CancellationException ignored) {
                // nothing was started, or it never came back
            } catch (InterruptedException again) {
                // keep the original interrupt below
            }
            throw e;
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof IOException io) {
                throw io;
            }
            if (c instanceof RuntimeException re) {
                throw re;
            }
            throw new IOException(c);
        }
    }
}
