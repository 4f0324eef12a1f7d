package io.securer.langchain4j;

import io.securer.SecureSession;
import io.securer.SessionConfig;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Started sessions kept ready for new chats, so that a chat's first call does not wait for R to
 * start. A daemon thread keeps {@code count} spares (one at a time); {@link #take()} hands one
 * out, or starts one on the caller's thread when none is ready. {@link #close()} closes the
 * spares, including one being started at that moment. Thread-safe.
 */
final class SpareSessions implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SpareSessions.class);

    private final SessionConfig config;
    private final int count;
    private final Deque<SecureSession> ready = new ArrayDeque<>();
    private final ExecutorService starter;
    private boolean refilling;
    private boolean closed;

    SpareSessions(SessionConfig config, int count) {
        if (count < 0) {
            throw new IllegalArgumentException("warmSessions must be >= 0, got " + count);
        }
        this.config = config;
        this.count = count;
        this.starter = count == 0 ? null : Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "securer-rcode-spares");
            t.setDaemon(true);
            return t;
        });
        refill();
    }

    /** A started session: a spare if one is ready and alive, else one started now. */
    SecureSession take() {
        SecureSession s;
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException("the R code tool is closed");
            }
            s = ready.pollFirst();
        }
        refill();
        while (s != null && !s.isAlive()) {
            s.close();
            synchronized (this) {
                s = ready.pollFirst();
            }
        }
        return s != null ? s : SecureSession.start(config);
    }

    /** Spares ready now (for tests and metrics). */
    synchronized int ready() {
        return ready.size();
    }

    private void refill() {
        synchronized (this) {
            if (starter == null || closed || refilling || ready.size() >= count) {
                return;
            }
            refilling = true;
        }
        starter.execute(this::startOne);
    }

    private void startOne() {
        SecureSession s = null;
        try {
            s = SecureSession.start(config);
        } catch (RuntimeException e) {
            LOG.warn("starting a spare R session failed; new chats start their own: {}", e.getMessage());
        }
        boolean keep;
        synchronized (this) {
            refilling = false;
            keep = s != null && !closed;
            if (keep) {
                ready.addLast(s);
            }
        }
        if (!keep && s != null) {
            s.close();
        }
        if (keep) {
            refill();
        }
    }

    @Override
    public void close() {
        List<SecureSession> toClose;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            toClose = new ArrayList<>(ready);
            ready.clear();
        }
        if (starter != null) {
            starter.shutdown();
            try {
                // a start in flight closes its session itself once it sees closed
                starter.awaitTermination(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        toClose.forEach(SecureSession::close);
    }
}
