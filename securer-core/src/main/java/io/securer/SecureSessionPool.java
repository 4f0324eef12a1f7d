package io.securer;

import io.securer.engine.Threads;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A fixed set of pre-started {@link SecureSession}s with one configuration, shared by many
 * threads: each {@link #execute} (or {@link #lease()}) gets a session no other caller is using.
 *
 * <p><b>Thread safety:</b> fully thread-safe. At most {@link #size()} callers hold a session at
 * once; others queue, in arrival order, up to {@code acquireTimeout} (default 30 s), then get
 * {@link ExecutionRejectedException}.
 *
 * <p><b>Fresh state (default):</b> every caller gets a session with a fresh R process: nothing one
 * caller did (variables, options, files in /tmp, redefined functions, code left running) reaches
 * the next. Used sessions are restarted in the background and the pool keeps as many warm spares
 * as its size, so a caller normally does not wait for an R start-up. {@code resetBetweenUses(false)}
 * hands sessions on as they are: only for callers that trust each other.
 *
 * <p><b>Failures:</b> a session whose child died (timeout kill, crash) is restarted when next used;
 * its result says so ({@link ExecutionResult#sessionRestarted()}). {@link #close()} ends every child
 * and wakes waiting callers with {@link SessionClosedException}.
 */
public final class SecureSessionPool implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SecureSessionPool.class);
    private static final AtomicInteger POOL_IDS = new AtomicInteger();

    private final int size;
    private final boolean reset;
    private final Duration acquireTimeout;
    private final SessionConfig config;
    private final PoolSlots<SecureSession> slots;
    private final ExecutorService recycler;

    private SecureSessionPool(Builder b) {
        this.size = b.size;
        this.reset = b.resetBetweenUses;
        this.acquireTimeout = b.acquireTimeout;
        this.config = b.config();
        this.slots = new PoolSlots<>(size);
        this.recycler = Executors.newFixedThreadPool(Math.min(size, 4),
                Threads.named("securer-pool-" + POOL_IDS.incrementAndGet() + "-recycler"));
        int total = reset ? size * 2 : size;
        List<Future<SecureSession>> starting = new ArrayList<>();
        for (int i = 0; i < total; i++) {
            starting.add(recycler.submit(() -> SecureSession.start(config)));
        }
        RuntimeException failure = null;
        for (Future<SecureSession> f : starting) {
            try {
                slots.add(f.get());
            } catch (ExecutionException e) {
                RuntimeException cause = e.getCause() instanceof RuntimeException re ? re
                        : new SecurerException("could not start a pooled session", e.getCause());
                failure = add(failure, cause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failure = add(failure, new SecurerException("interrupted while starting the pool", e));
            }
        }
        if (failure != null) {
            close();
            throw failure;
        }
    }

    private static RuntimeException add(RuntimeException first, RuntimeException next) {
        if (first == null) {
            return next;
        }
        first.addSuppressed(next);
        return first;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Runs {@code code} on an idle session. */
    public ExecutionResult execute(String code) {
        return execute(code, ExecuteOptions.defaults());
    }

    /** Runs {@code code} on an idle session with these options; see {@link SecureSession#execute(String, ExecuteOptions)}. */
    public ExecutionResult execute(String code, ExecuteOptions options) {
        try (PooledSession s = lease()) {
            return s.execute(code, options);
        }
    }

    /**
     * Takes a session for several calls; close the lease to give it back.
     *
     * @throws ExecutionRejectedException when every session stays busy past {@code acquireTimeout}
     * @throws SessionClosedException     when the pool is (or gets) closed
     */
    public PooledSession lease() {
        return new PooledSession(this, slots.acquire(acquireTimeout));
    }

    void release(SecureSession s) {
        if (!reset) {
            slots.giveBack(s);
            return;
        }
        if (!slots.beginRecycle(s)) {
            return;
        }
        try {
            recycler.execute(() -> recycle(s));
        } catch (RejectedExecutionException e) {
            LOG.debug("pool closed while recycling a session");
        }
    }

    private void recycle(SecureSession s) {
        try {
            s.restart();
        } catch (RuntimeException e) {
            LOG.warn("pooled session could not be restarted; it will be retried on next use: {}", e.toString());
        }
        slots.endRecycle(s);
    }

    /**
     * Waits until no session is being restarted in the background (for tests and orderly
     * shutdown); returns false if that did not happen within {@code timeout}.
     */
    public boolean awaitSettled(Duration timeout) throws InterruptedException {
        return slots.awaitSettled(timeout);
    }

    /** The tools every pooled session offers. */
    public List<SecurerTool> tools() {
        return config.tools();
    }

    /** The configuration every pooled session has. */
    public SessionConfig config() {
        return config;
    }

    /** Whether every caller gets a fresh R process (the default). */
    public boolean resetsBetweenUses() {
        return reset;
    }

    /** How many callers can hold a session at once. */
    public int size() {
        return size;
    }

    /** How many callers could get a session right now without waiting. */
    public int available() {
        return slots.available();
    }

    public PoolStatus status() {
        int[] c = slots.counts();
        int dead = 0;
        if (c[0] > 0) {
            for (SecureSession s : slots.members()) {
                if (!s.isAlive()) {
                    dead++;
                }
            }
        }
        return new PoolStatus(c[0], c[1], c[2], dead);
    }

    /** Closes every session (also ones leased out) and wakes waiting callers. Idempotent. */
    @Override
    public void close() {
        if (!slots.close()) {
            return;
        }
        recycler.shutdown();
        try {
            if (!recycler.awaitTermination(30, TimeUnit.SECONDS)) {
                recycler.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            recycler.shutdownNow();
        }
        RuntimeException failure = null;
        for (SecureSession s : slots.members()) {
            try {
                s.close();
            } catch (RuntimeException e) {
                failure = add(failure, e);
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public String toString() {
        PoolStatus st = status();
        return "SecureSessionPool[size=" + size + " total=" + st.total() + " busy=" + st.busy() + " idle=" + st.idle()
                + " dead=" + st.dead() + (reset ? " reset" : " shared-state") + (slots.isClosed() ? " closed" : "") + "]";
    }

    /**
     * Builder: the pool's own settings plus every session setting ({@link SessionSettings}). Not
     * thread-safe.
     */
    public static final class Builder extends SessionSettings<Builder> {
        private int size = 4;
        private boolean resetBetweenUses = true;
        private Duration acquireTimeout = Duration.ofSeconds(30);

        private Builder() {
        }

        @Override
        Builder self() {
            return this;
        }

        /** Concurrent sessions, 1..100 (default 4). */
        public Builder size(int size) {
            if (size < 1 || size > 100) {
                throw new IllegalArgumentException("pool size must be between 1 and 100, got " + size);
            }
            this.size = size;
            return this;
        }

        /**
         * Give every caller a fresh R process (default true). {@code false} hands a session to the
         * next caller with whatever the previous one left in it: only for callers that trust each other.
         */
        public Builder resetBetweenUses(boolean reset) {
            this.resetBetweenUses = reset;
            return this;
        }

        /**
         * How long a caller waits for a free session (default 30 s); {@code Duration.ZERO} fails at
         * once, null waits as long as it takes.
         */
        public Builder acquireTimeout(Duration timeout) {
            if (timeout != null && timeout.isNegative()) {
                throw new IllegalArgumentException("acquireTimeout must not be negative, got " + timeout);
            }
            this.acquireTimeout = timeout;
            return this;
        }

        /**
         * Uses {@code template}'s session settings (tools included). Call it before any other
         * session setting: settings made on this builder would otherwise be replaced, so that
         * throws {@link IllegalStateException}.
         */
        public Builder session(SecureSession.Builder template) {
            return config(Objects.requireNonNull(template, "template").config());
        }

        /** Uses these session settings; the same rule as {@link #session}. */
        public Builder config(SessionConfig config) {
            Objects.requireNonNull(config, "config");
            if (changed()) {
                throw new IllegalStateException("session settings were already made on this pool builder; "
                        + "call session(...)/config(...) first or make every setting in one place");
            }
            load(config);
            return this;
        }

        /** Starts all sessions (in parallel); fails, leaving nothing running, if any cannot start. */
        public SecureSessionPool build() {
            return new SecureSessionPool(this);
        }
    }
}
