package io.securer;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A fixed set of pre-warmed {@link SecureSession}s with the same settings, shared by many
 * threads: each {@link #execute} (or {@link #lease()}) gets a session no other caller is using.
 *
 * <p><b>Thread safety:</b> fully thread-safe. At most {@link #size()} callers hold a session at
 * once; others wait up to {@code acquireTimeout} (with none, they fail at once with
 * {@link ExecutionRejectedException} "all N sessions busy").
 *
 * <p><b>Fresh state:</b> with {@code resetBetweenUses(true)} every caller gets a session with a
 * fresh R state. Used sessions are restarted in the background and the pool keeps as many warm
 * spares as its size, so a caller normally does not wait for an R start-up.
 *
 * <p><b>Failures:</b> a session whose child died (timeout kill, crash) is restarted before it is
 * handed out again. {@link #close()} ends every child and wakes waiting callers with
 * {@link SessionClosedException}.
 */
public final class SecureSessionPool implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SecureSessionPool.class);
    private static final AtomicInteger POOL_IDS = new AtomicInteger();

    private final int size;
    private final boolean reset;
    private final Duration acquireTimeout;
    private final SecureSession.Builder template;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition available = lock.newCondition();
    private final Condition settled = lock.newCondition();
    private final Deque<SecureSession> idle = new ArrayDeque<>();
    private final Set<SecureSession> busy = new HashSet<>();
    private final List<SecureSession> all = new ArrayList<>();
    private final ExecutorService recycler;
    private int recycling;
    private boolean closed;

    private SecureSessionPool(Builder b) {
        this.size = b.size;
        this.reset = b.resetBetweenUses;
        this.acquireTimeout = b.acquireTimeout;
        this.template = b.template.copy();
        int id = POOL_IDS.incrementAndGet();
        this.recycler = Executors.newFixedThreadPool(Math.min(size, 4), r -> {
            Thread t = new Thread(r, "securer-pool-" + id + "-recycler");
            t.setDaemon(true);
            return t;
        });
        int total = reset ? size * 2 : size;
        List<Future<SecureSession>> starting = new ArrayList<>();
        for (int i = 0; i < total; i++) {
            starting.add(recycler.submit(template::build));
        }
        RuntimeException failure = null;
        for (Future<SecureSession> f : starting) {
            try {
                SecureSession s = f.get();
                all.add(s);
                idle.add(s);
            } catch (java.util.concurrent.ExecutionException e) {
                RuntimeException cause = e.getCause() instanceof RuntimeException re ? re
                        : new SecurerException("could not start a pooled session", e.getCause());
                failure = add(failure, cause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failure = add(failure, new SecurerException("interrupted while starting the pool", e));
            }
        }
        if (failure != null) {
            closeAll();
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
        SecureSession s = acquire();
        try {
            if (!s.isAlive()) {
                s.restart();
            }
        } catch (RuntimeException e) {
            giveBack(s);
            throw e;
        }
        return new PooledSession(this, s);
    }

    private SecureSession acquire() {
        lock.lock();
        try {
            long waitNanos = acquireTimeout == null ? 0 : acquireTimeout.toNanos();
            while (true) {
                if (closed) {
                    throw new SessionClosedException("the session pool is closed");
                }
                if (busy.size() < size && !idle.isEmpty()) {
                    SecureSession s = idle.pollFirst();
                    busy.add(s);
                    return s;
                }
                if (waitNanos <= 0) {
                    throw new ExecutionRejectedException("all " + size + " sessions busy"
                            + (acquireTimeout == null ? " (no acquireTimeout set)" : " for " + acquireTimeout.toMillis() + " ms"));
                }
                waitNanos = available.awaitNanos(waitNanos);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SecurerException("interrupted while waiting for a pooled session", e);
        } finally {
            lock.unlock();
        }
    }

    void release(PooledSession lease) {
        SecureSession s = lease.session();
        if (reset || !s.isAlive()) {
            lock.lock();
            try {
                busy.remove(s);
                if (closed) {
                    return;
                }
                recycling++;
                // The slot is free again: a warm spare can serve the next caller right away.
                available.signal();
            } finally {
                lock.unlock();
            }
            try {
                recycler.execute(() -> recycle(s));
            } catch (java.util.concurrent.RejectedExecutionException e) {
                LOG.debug("pool closed while recycling a session");
            }
            return;
        }
        giveBack(s);
    }

    private void recycle(SecureSession s) {
        try {
            s.restart();
        } catch (RuntimeException e) {
            LOG.warn("pooled session could not be restarted; it will be retried on next use: {}", e.toString());
        }
        lock.lock();
        try {
            recycling--;
            if (!closed) {
                idle.addLast(s);
                available.signal();
            }
            if (recycling == 0) {
                settled.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    private void giveBack(SecureSession s) {
        lock.lock();
        try {
            busy.remove(s);
            if (!closed) {
                idle.addFirst(s);
                available.signal();
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until no session is being restarted in the background (for tests and orderly
     * shutdown); returns false if that did not happen within {@code timeout}.
     */
    public boolean awaitSettled(Duration timeout) throws InterruptedException {
        lock.lock();
        try {
            long nanos = timeout.toNanos();
            while (recycling > 0) {
                if (nanos <= 0) {
                    return false;
                }
                nanos = settled.awaitNanos(nanos);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** The tools every pooled session offers. */
    public List<SecurerTool> tools() {
        return template.tools();
    }

    /** How many callers can hold a session at once. */
    public int size() {
        return size;
    }

    /** How many callers could get a session right now without waiting. */
    public int available() {
        lock.lock();
        try {
            return closed ? 0 : Math.min(idle.size(), size - busy.size());
        } finally {
            lock.unlock();
        }
    }

    public PoolStatus status() {
        lock.lock();
        try {
            int dead = 0;
            for (SecureSession s : all) {
                if (!s.isAlive()) {
                    dead++;
                }
            }
            return new PoolStatus(closed ? 0 : all.size(), busy.size(), closed ? 0 : idle.size(), closed ? 0 : dead);
        } finally {
            lock.unlock();
        }
    }

    /** Closes every session (also ones leased out) and wakes waiting callers. Idempotent. */
    @Override
    public void close() {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            available.signalAll();
        } finally {
            lock.unlock();
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
        closeAll();
    }

    private void closeAll() {
        RuntimeException failure = null;
        for (SecureSession s : all) {
            try {
                s.close();
            } catch (RuntimeException e) {
                failure = add(failure, e);
            }
        }
        recycler.shutdownNow();
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public String toString() {
        PoolStatus st = status();
        return "SecureSessionPool[size=" + size + " total=" + st.total() + " busy=" + st.busy() + " idle=" + st.idle()
                + " dead=" + st.dead() + (reset ? " reset" : "") + (closed ? " closed" : "") + "]";
    }

    /** Builder; not thread-safe. Session settings go to a {@link SecureSession.Builder} template. */
    public static final class Builder {
        private int size = 4;
        private boolean resetBetweenUses;
        private Duration acquireTimeout;
        private SecureSession.Builder template = SecureSession.builder();

        private Builder() {
        }

        /** Concurrent sessions, 1..100 (default 4). */
        public Builder size(int size) {
            if (size < 1 || size > 100) {
                throw new IllegalArgumentException("pool size must be between 1 and 100, got " + size);
            }
            this.size = size;
            return this;
        }

        /** Give every caller a fresh R state (used sessions restart in the background). */
        public Builder resetBetweenUses(boolean reset) {
            this.resetBetweenUses = reset;
            return this;
        }

        /** How long a caller waits for a free session; null (default) fails at once. */
        public Builder acquireTimeout(Duration timeout) {
            if (timeout != null && timeout.isNegative()) {
                throw new IllegalArgumentException("acquireTimeout must not be negative, got " + timeout);
            }
            this.acquireTimeout = timeout;
            return this;
        }

        /** Use these session settings for every pooled session (replaces earlier settings). */
        public Builder session(SecureSession.Builder template) {
            this.template = Objects.requireNonNull(template);
            return this;
        }

        public Builder tool(SecurerTool tool) {
            template.tool(tool);
            return this;
        }

        public Builder tools(List<SecurerTool> tools) {
            template.tools(tools);
            return this;
        }

        public Builder sandbox(boolean sandbox) {
            template.sandbox(sandbox);
            return this;
        }

        public Builder sandboxStrict(boolean strict) {
            template.sandboxStrict(strict);
            return this;
        }

        public Builder limits(ResourceLimits limits) {
            template.limits(limits);
            return this;
        }

        public Builder verbose(boolean verbose) {
            template.verbose(verbose);
            return this;
        }

        public Builder auditLog(Path path) {
            template.auditLog(path);
            return this;
        }

        public Builder preExecuteHook(Predicate<String> hook) {
            template.preExecuteHook(hook);
            return this;
        }

        public Builder sanitizeErrors(boolean sanitize) {
            template.sanitizeErrors(sanitize);
            return this;
        }

        /** Starts all sessions (in parallel); fails, leaving nothing running, if any cannot start. */
        public SecureSessionPool build() {
            return new SecureSessionPool(this);
        }
    }
}
