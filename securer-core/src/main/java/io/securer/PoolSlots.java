package io.securer;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The state machine of a pool, free of R so it can be tested alone: which members are idle, busy
 * or being recycled, who waits, and when the pool is closed. Callers queue in arrival order (a fair
 * lock) until a member is free or their timeout passes. Thread-safe.
 *
 * @param <S> the pooled member
 */
final class PoolSlots<S> {
    private final int size;
    private final ReentrantLock lock = new ReentrantLock(true);
    private final Condition available = lock.newCondition();
    private final Condition settled = lock.newCondition();
    private final Deque<S> idle = new ArrayDeque<>();
    private final Set<S> busy = new HashSet<>();
    private final List<S> all = new ArrayList<>();
    private int recycling;
    private boolean closed;

    PoolSlots(int size) {
        this.size = size;
    }

    /** Adds a started member as idle. */
    void add(S member) {
        lock.lock();
        try {
            all.add(member);
            idle.addLast(member);
            available.signal();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Takes an idle member, waiting up to {@code timeout} (null: as long as it takes; zero: not at all).
     *
     * @throws ExecutionRejectedException when the timeout passes
     * @throws SessionClosedException     when the pool is or gets closed
     */
    S acquire(Duration timeout) {
        lock.lock();
        try {
            long nanos = timeout == null ? Long.MAX_VALUE : timeout.toNanos();
            while (true) {
                if (closed) {
                    throw new SessionClosedException("the session pool is closed");
                }
                if (busy.size() < size && !idle.isEmpty()) {
                    S s = idle.pollFirst();
                    busy.add(s);
                    return s;
                }
                if (nanos <= 0) {
                    throw new ExecutionRejectedException("all " + size + " pooled sessions stayed busy"
                            + (timeout == null || timeout.isZero() ? "" : " for " + Durations.format(timeout)));
                }
                if (timeout == null) {
                    available.await();
                } else {
                    nanos = available.awaitNanos(nanos);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SecurerException("interrupted while waiting for a pooled session", e);
        } finally {
            lock.unlock();
        }
    }

    /** Gives a member back as it is (first in line for the next caller). */
    void giveBack(S member) {
        lock.lock();
        try {
            busy.remove(member);
            if (!closed) {
                idle.addFirst(member);
                available.signal();
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Frees the member's slot while it is recycled elsewhere; a warm spare can serve the next
     * caller at once. Returns false when the pool is closed (do not recycle).
     */
    boolean beginRecycle(S member) {
        lock.lock();
        try {
            busy.remove(member);
            if (closed) {
                return false;
            }
            recycling++;
            available.signal();
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** The recycled member is idle again (last in line). */
    void endRecycle(S member) {
        lock.lock();
        try {
            recycling--;
            if (!closed) {
                idle.addLast(member);
                available.signal();
            }
            if (recycling == 0) {
                settled.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Waits until no member is being recycled; false if that did not happen within {@code timeout}. */
    boolean awaitSettled(Duration timeout) throws InterruptedException {
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

    /** Callers that could get a member right now without waiting. */
    int available() {
        lock.lock();
        try {
            return closed ? 0 : Math.min(idle.size(), size - busy.size());
        } finally {
            lock.unlock();
        }
    }

    /** total, busy, idle counts (dead members are counted by the caller). */
    int[] counts() {
        lock.lock();
        try {
            return closed ? new int[] {0, busy.size(), 0} : new int[] {all.size(), busy.size(), idle.size()};
        } finally {
            lock.unlock();
        }
    }

    /** Every member ever added. */
    List<S> members() {
        lock.lock();
        try {
            return List.copyOf(all);
        } finally {
            lock.unlock();
        }
    }

    /** Closes the pool: waiting callers wake with {@link SessionClosedException}. Returns false if already closed. */
    boolean close() {
        lock.lock();
        try {
            if (closed) {
                return false;
            }
            closed = true;
            available.signalAll();
            settled.signalAll();
            return true;
        } finally {
            lock.unlock();
        }
    }

    boolean isClosed() {
        lock.lock();
        try {
            return closed;
        } finally {
            lock.unlock();
        }
    }
}
