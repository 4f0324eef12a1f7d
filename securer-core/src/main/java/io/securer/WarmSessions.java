package io.securer;

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
 * Sessions started ahead of need, so that whoever needs a new session (a new chat, a new MCP
 * session) does not wait for R and its sandbox to start. {@link #fill()} starts the missing
 * spares on a daemon thread; {@link #take()} hands one out and starts its replacement. With
 * none ready, {@code take()} waits for a spare already starting (it is ready sooner than one
 * started from scratch), else starts one on the caller's thread. {@link #takeLast()} is the same
 * but starts no more: for a caller that needs one session in its life.
 *
 * <p>Thread-safe. Owns the spares until they are taken; the taker owns (and closes) what it
 * took. {@link #close()} closes the spares and waits, bounded by the start timeout, for a start in
 * progress, whose session is then closed too. Idempotent.
 */
public final class WarmSessions implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WarmSessions.class);

    private final SessionConfig config;
    private final int count;
    private final ExecutorService starter;
    private final Deque<SecureSession> ready = new ArrayDeque<>();
    private int starting;
    private boolean closed;
    private boolean stopped;

    /**
     * @param count how many started sessions to keep ready; 0 starts none ahead
     * @throws IllegalArgumentException if {@code count} is negative
     */
    public WarmSessions(SessionConfig config, int count) {
        this.config = Objects.requireNonNull(config, "config");
        if (count < 0) {
            throw new IllegalArgumentException("the number of warm sessions must be >= 0, got " + count);
        }
        this.count = count;
        this.starter = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "securer-warm-sessions");
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts the missing spares in the background. */
    public void fill() {
        int need;
        synchronized (this) {
            if (closed || stopped) {
                return;
            }
            need = count - ready.size() - starting;
            starting += Math.max(0, need);
        }
        for (int i = 0; i < need; i++) {
            starter.execute(this::startOne);
        }
    }

    /**
     * A started session the caller now owns: a ready spare that is still alive, else a new one;
     * a replacement starts in the background.
     *
     * @throws SecurerException when R cannot start (missing R, sandbox refused)
     * @throws IllegalStateException after {@link #close()}
     */
    public SecureSession take() {
        return take(false);
    }

    /** As {@link #take()}, but no spare is started after this one, now or later. */
    public SecureSession takeLast() {
        return take(true);
    }

    private SecureSession take(boolean last) {
        SecureSession spare;
        synchronized (this) {
            stopped |= last;
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
                throw new IllegalStateException("closed: no R session can start now");
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
            LOG.warn("could not start a spare R session (the next taker starts its own): {}", e.toString());
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

    /** Spares ready now (for tests, metrics and logs). */
    public synchronized int ready() {
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
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        try {
            // a start in progress closes its own session when it sees closed; wait for that
            if (!starter.awaitTermination(config.startTimeout().toMillis() + 5_000, TimeUnit.MILLISECONDS)) {
                LOG.warn("a spare R session was still starting at close");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (failure != null) {
            throw failure;
        }
    }
}
