package io.securer.langchain4j;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * One session per key (chat memory id), created on first use, closed after
 * {@code idleTimeout} without use, and capped at {@code maxSessions}: when full, the least recently
 * used idle session is closed to make room; when every session is busy, acquiring fails.
 *
 * <p>Thread-safe. Sessions are created outside the map lock (starting R takes a while), under a
 * per-key lock, so two calls for the same new key start one session, not two. A session in use is
 * never evicted. Generic over the session type so the policy is testable without R.
 */
final class SessionCache<S extends AutoCloseable> implements AutoCloseable {

    /** Thrown when all {@code maxSessions} sessions are busy. */
    static final class FullException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        FullException(int max) {
            super("all " + max + " R sessions are busy");
        }
    }

    /** A borrowed session; {@link #close()} returns it. */
    final class Handle implements AutoCloseable {
        private final Entry entry;
        private final S session;
        private boolean released;

        private Handle(Entry entry, S session) {
            this.entry = entry;
            this.session = session;
        }

        S session() {
            return session;
        }

        @Override
        public void close() {
            if (!released) {
                released = true;
                release(entry);
            }
        }
    }

    private final class Entry {
        final Object key;
        S session;          // guarded by this entry
        int inUse;          // guarded by SessionCache.this
        long lastUsed;      // guarded by SessionCache.this

        Entry(Object key) {
            this.key = key;
        }
    }

    private final Function<Object, S> factory;
    private final int maxSessions;
    private final long idleNanos;
    private final LongSupplier clock;
    // access order: iteration starts at the least recently used entry
    private final LinkedHashMap<Object, Entry> entries = new LinkedHashMap<>(16, 0.75f, true);
    private boolean closed;

    SessionCache(Function<Object, S> factory, int maxSessions, Duration idleTimeout, LongSupplier clock) {
        this.factory = Objects.requireNonNull(factory);
        if (maxSessions < 1) {
            throw new IllegalArgumentException("maxSessions must be at least 1, got " + maxSessions);
        }
        this.maxSessions = maxSessions;
        this.idleNanos = idleTimeout.toNanos();
        this.clock = clock;
    }

    /**
     * Borrows the session of {@code key}, starting it if needed. A session whose R process died
     * restarts itself (and says so); the cache does not check.
     *
     * @throws FullException          every session is busy
     * @throws IllegalStateException  the cache is closed
     * @throws RuntimeException       whatever the factory threw when starting a session
     */
    Handle acquire(Object key) {
        Entry entry;
        List<S> toClose = new ArrayList<>();
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException("the R code tool is closed");
            }
            collectIdle(toClose);
            entry = entries.get(key);
            if (entry == null) {
                if (entries.size() >= maxSessions && !evictLeastRecentlyUsed(toClose)) {
                    closeAll(toClose);
                    throw new FullException(maxSessions);
                }
                entry = new Entry(key);
                entries.put(key, entry);
            }
            entry.inUse++;
            entry.lastUsed = clock.getAsLong();
        }
        closeAll(toClose);
        try {
            synchronized (entry) {
                if (entry.session == null) {
                    entry.session = factory.apply(key);
                }
                return new Handle(entry, entry.session);
            }
        } catch (RuntimeException | Error e) {
            release(entry);
            throw e;
        }
    }

    private void release(Entry entry) {
        S orphan = null;
        synchronized (this) {
            entry.inUse--;
            entry.lastUsed = clock.getAsLong();
            if (closed || entries.get(entry.key) != entry) {
                orphan = entry.inUse == 0 ? takeSession(entry) : null;
            } else if (entry.inUse == 0 && entry.session == null) {
                entries.remove(entry.key); // its start failed; do not keep an empty slot
            }
        }
        closeQuietly(orphan);
    }

    /** Closes sessions idle for longer than the idle timeout. */
    void evictIdle() {
        List<S> toClose = new ArrayList<>();
        synchronized (this) {
            collectIdle(toClose);
        }
        closeAll(toClose);
    }

    synchronized int size() {
        return entries.size();
    }

    synchronized boolean contains(Object key) {
        return entries.containsKey(key);
    }

    private void collectIdle(List<S> toClose) {
        long now = clock.getAsLong();
        entries.values().removeIf(e -> {
            if (e.inUse == 0 && now - e.lastUsed >= idleNanos) {
                add(toClose, takeSession(e));
                return true;
            }
            return false;
        });
    }

    private boolean evictLeastRecentlyUsed(List<S> toClose) {
        for (var it = entries.values().iterator(); it.hasNext(); ) {
            Entry e = it.next();
            if (e.inUse == 0) {
                it.remove();
                add(toClose, takeSession(e));
                return true;
            }
        }
        return false;
    }

    private S takeSession(Entry e) {
        synchronized (e) {
            S s = e.session;
            e.session = null;
            return s;
        }
    }

    private static <T> void add(List<T> list, T item) {
        if (item != null) {
            list.add(item);
        }
    }

    @Override
    public void close() {
        List<S> toClose = new ArrayList<>();
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            for (Entry e : entries.values()) {
                if (e.inUse == 0) {
                    add(toClose, takeSession(e));
                }
                // busy ones are closed by release(), when their call returns
            }
            entries.clear();
        }
        RuntimeException failure = null;
        for (S s : toClose) {
            try {
                s.close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = new IllegalStateException("closing R sessions failed", e);
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private static <T extends AutoCloseable> void closeAll(List<T> sessions) {
        sessions.forEach(SessionCache::closeQuietly);
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (Exception e) {
            // eviction and replacement happen on behalf of a caller who cannot act on this
            org.slf4j.LoggerFactory.getLogger(SessionCache.class).warn("closing an R session failed", e);
        }
    }
}
