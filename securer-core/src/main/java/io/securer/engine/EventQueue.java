package io.securer.engine;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The one queue through which everything that happens to a child reaches the executing thread.
 * Messages from the child are bounded by count <em>and</em> bytes: when the budget is spent the
 * socket reader blocks (so the child blocks on its write) instead of the host buffering what a
 * hostile child sends. Control events (fences, exits, finished tools) are few by construction and
 * always accepted. Thread-safe.
 */
public final class EventQueue {
    private final int maxMessages;
    private final long maxBytes;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private final Condition notFull = lock.newCondition();
    private final Deque<Entry> entries = new ArrayDeque<>();
    private int messages;
    private long bytes;

    private record Entry(ChildEvent event, long bytes) {
    }

    public EventQueue(int maxMessages, long maxBytes) {
        if (maxMessages < 1 || maxBytes < 1) {
            throw new IllegalArgumentException("queue bounds must be positive");
        }
        this.maxMessages = maxMessages;
        this.maxBytes = maxBytes;
    }

    /**
     * Queues a message of {@code size} bytes, waiting while the queue is over its budget (a single
     * message larger than the byte budget is let in when the queue is empty).
     */
    public void putMessage(ChildEvent event, long size) throws InterruptedException {
        lock.lockInterruptibly();
        try {
            while (messages >= maxMessages || (messages > 0 && bytes + size > maxBytes)) {
                notFull.await();
            }
            entries.addLast(new Entry(event, size));
            messages++;
            bytes += size;
            notEmpty.signal();
        } finally {
            lock.unlock();
        }
    }

    /** Queues a control event; never blocks. */
    public void putControl(ChildEvent event) {
        lock.lock();
        try {
            entries.addLast(new Entry(event, -1));
            notEmpty.signal();
        } finally {
            lock.unlock();
        }
    }

    /** Drops queued messages and queues {@code event} (a violation must get through a full queue). */
    public void replaceAllWith(ChildEvent event) {
        lock.lock();
        try {
            entries.clear();
            messages = 0;
            bytes = 0;
            entries.addLast(new Entry(event, -1));
            notFull.signalAll();
            notEmpty.signal();
        } finally {
            lock.unlock();
        }
    }

    /** The next event, waiting until {@code deadline} ({@link System#nanoTime()}); null when it passes. */
    public ChildEvent take(long deadline) throws InterruptedException {
        lock.lockInterruptibly();
        try {
            while (entries.isEmpty()) {
                if (deadline == Long.MAX_VALUE) {
                    notEmpty.await();
                } else {
                    long wait = deadline - System.nanoTime();
                    if (wait <= 0) {
                        return null;
                    }
                    notEmpty.awaitNanos(wait);
                }
            }
            return removeFirst();
        } finally {
            lock.unlock();
        }
    }

    /** The next event if one is queued, else null. */
    public ChildEvent poll() {
        lock.lock();
        try {
            return entries.isEmpty() ? null : removeFirst();
        } finally {
            lock.unlock();
        }
    }

    private ChildEvent removeFirst() {
        Entry e = entries.removeFirst();
        if (e.bytes() >= 0) {
            messages--;
            bytes -= e.bytes();
            notFull.signal();
        }
        return e.event();
    }

    /** Bytes of child messages currently held (for tests and diagnostics). */
    public long bytesHeld() {
        lock.lock();
        try {
            return bytes;
        } finally {
            lock.unlock();
        }
    }
}
