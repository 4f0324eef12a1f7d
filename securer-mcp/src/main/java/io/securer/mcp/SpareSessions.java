package io.securer.mcp;

import io.securer.SecureSession;
import io.securer.SessionConfig;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Started R sessions waiting for a new MCP session, so its first {@code run_r_code} does not wait
 * for R (and the sandbox) to start. {@link #take()} hands one out and starts a replacement in the
 * background; with none ready (or {@code target} 0) it starts one on the caller's thread. A server
 * with a single MCP session (stdio) needs one R session in its life: after the first take nothing
 * more is started in advance.
 *
 * <p>Thread-safe. Owns the spares until they are taken; the taker owns what it took.
 * {@link #close()} closes the spares and waits (bounded) for a start in progress, whose session is
 * then closed too. Idempotent.
 */
final class SpareSessions implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SpareSessions.class);

    private final SessionConfig config;
    private final int target;
    private final boolean singleSession;
    private final ExecutorService starter;
    private final Deque<SecureSession> ready = new ArrayDeque<>();
    private int starting;
    private boolean closed;
    private boolean taken;

    /**
     * @param target        spares to keep ready
     * @param singleSession whether only one session will ever be taken (stdio), so none is made after it
     */
    SpareSessions(SessionConfig config, int target, boolean singleSession) {
        this.config = Objects.requireNonNull(config, "config");
        if (target < 0) {
            throw new IllegalArgumentException("target must be >= 0, got " + target);
        }
        this.target = target;
        this.singleSession = singleSession;
        this.starter = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "securer-mcp-spare-starter");
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts the spares in the background; call once the server answers requests. */
    void fill() {
        int need;
        synchronized (this) {
            if (closed || singleSession && taken) {
                return;
            }
            need = target - ready.size() - starting;
            starting += Math.max(0, need);
        }
        for (int i = 0; i < need; i++) {
            starter.execute(this::startOne);
        }
    }

    /**
     * A started session the caller now owns: a ready spare that is still alive, else a new one.
     *
     * @throws io.securer.SecurerException when R cannot start (missing R, sandbox refused)
     */
    SecureSession take() {
        SecureSession spare;
        synchronized (this) {
            taken = true;
            // A spare already starting is ready sooner than a session started from scratch.
            long deadline = System.nanoTime() + config.startTimeout().toNanos();
            while (!closed && ready.isEmpty() && starting > 0 && deadline - System.nanoTime() > 0) {
                try {
                    TimeUnit.NANOSECONDS.timedWait(this, deadline - System.nanoTime());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for an R session", e);
                }
            }
            if (closed) {
                throw new IllegalStateException("the server is shutting down; no R session can start now");
            }
            spare = ready.pollFirst();
        }
        fill();
        if (spare != null) {
            if (spare.isAlive()) {
                return spare;
            }
            spare.close(); // died while waiting: a fresh one, so the first call does not report lost state
        }
        return SecureSession.start(config);
    }

    private void startOne() {
        SecureSession s;
        try {
            s = SecureSession.start(config);
        } catch (RuntimeException e) {
            LOG.warn("could not start a spare R session (the next MCP session will start its own): {}", e.toString());
            synchronized (this) {
                starting--;
                notifyAll();
            }
            return;
        }
        synchronized (this) {
            starting--;
            notifyAll();
            if (!closed) {
                ready.addLast(s);
                return;
            }
        }
        s.close();
    }

    /** Spares ready now (for tests and logs). */
    synchronized int ready() {
        return ready.size();
    }

    @Override
    public void close() {
        List<SecureSession> spares;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            spares = new ArrayList<>(ready);
            ready.clear();
            notifyAll();
        }
        starter.shutdown();
        RuntimeException failure = null;
        for (SecureSession s : spares) {
            try {
                s.close();
            } catch (RuntimeException e) {
                failure = failure == null ? e : add(failure, e);
            }
        }
        try {
            // a start in progress closes its own session when it sees closed; wait for that
            if (!starter.awaitTermination(config.startTimeout().toMillis() + 5_000, TimeUnit.MILLISECONDS)) {
                LOG.warn("a spare R session was still starting at shutdown");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (failure != null) {
            throw failure;
        }
    }

    private static RuntimeException add(RuntimeException first, RuntimeException next) {
        first.addSuppressed(next);
        return first;
    }
}
