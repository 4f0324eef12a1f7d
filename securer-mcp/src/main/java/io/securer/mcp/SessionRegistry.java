package io.securer.mcp;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * One session (an R session, in production) per MCP session id, created on the id's first call,
 * so MCP sessions never share R state and a client that only lists tools costs no R process.
 *
 * <p>At most {@code max} sessions live at once: a new MCP session takes the place of the least
 * recently used idle one; when all are busy it is refused. {@link #evictIdle()} closes sessions
 * unused for {@code idleTimeout}. An MCP session whose session was closed that way gets a fresh one
 * on its next call, and that call's {@link Lease#notice()} says its variables are gone, so the
 * model is not left guessing. {@link #end} closes the session of an MCP session the client ended.
 *
 * <p>Thread-safe. Creating a session (starting R) happens outside the registry's lock, under a lock
 * of its own entry only, so one slow start does not hold up other MCP sessions. Closing a session
 * that is running code ends that code (the caller sees the session's own closed error). Owns the
 * sessions; {@link #close()} closes all (idempotent).
 *
 * @param <S> the session type
 */
final class SessionRegistry<S extends AutoCloseable> implements AutoCloseable {
    /** How many ended or evicted MCP session ids are remembered for the lost-state notice. */
    static final int REMEMBERED_LOSSES = 1024;

    private final Supplier<S> factory;
    private final int max;
    private final long idleNanos;
    private final LongSupplier nanoClock;
    private final Map<String, Entry> entries = new HashMap<>();
    private final Map<String, String> lost = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > REMEMBERED_LOSSES;
        }
    };
    private boolean closed;

    /** A session borrowed for one call; {@link #close()} gives it back (once). */
    interface Lease<S> extends AutoCloseable {
        /** The MCP session's own session, created on first use. */
        S session();

        /** Why earlier state is gone (the session was closed while idle), or null. */
        String notice();

        @Override
        void close();
    }

    private final class Entry {
        final String id;
        S session;
        int users;
        long lastUsed;
        String notice;
        boolean closed; // its session was closed by end(); guarded by the registry

        Entry(String id, String notice) {
            this.id = id;
            this.notice = notice;
        }
    }

    SessionRegistry(Supplier<S> factory, int max, Duration idleTimeout, LongSupplier nanoClock) {
        this.factory = Objects.requireNonNull(factory, "factory");
        if (max < 1) {
            throw new IllegalArgumentException("max must be at least 1, got " + max);
        }
        this.max = max;
        this.idleNanos = idleTimeout.toNanos();
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
    }

    /**
     * Borrows the session of {@code mcpSessionId}, creating it if needed.
     *
     * @throws IllegalStateException when {@code max} sessions are all busy, or the registry is closed;
     *                               the message is for the model
     * @throws RuntimeException      what the factory threw (e.g. R could not start); the next call tries again
     */
    Lease<S> acquire(String mcpSessionId) {
        Objects.requireNonNull(mcpSessionId, "mcpSessionId");
        Entry e;
        List<S> evicted = new ArrayList<>();
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException("the server is shutting down; no R code can run now");
            }
            e = entries.get(mcpSessionId);
            if (e == null) {
                if (entries.size() >= max) {
                    Entry lru = leastRecentlyUsedIdle();
                    if (lru == null) {
                        throw new IllegalStateException("all " + max + " R sessions are busy running other MCP "
                                + "sessions' code; try again shortly");
                    }
                    entries.remove(lru.id);
                    lost.put(lru.id, "was closed to make room for another MCP session");
                    if (lru.session != null) {
                        evicted.add(lru.session);
                    }
                }
                e = new Entry(mcpSessionId, lostNotice(lost.remove(mcpSessionId)));
                entries.put(mcpSessionId, e);
            }
            e.users++;
            e.lastUsed = nanoClock.getAsLong();
        }
        closeAll(evicted);
        Entry entry = e;
        S session;
        String notice;
        try {
            synchronized (entry) {
                if (entry.session == null) {
                    entry.session = factory.get();
                }
                session = entry.session;
                notice = entry.notice;
                entry.notice = null;
            }
        } catch (RuntimeException failure) {
            release(entry);
            throw failure;
        }
        return new Lease<>() {
            private boolean released;

            @Override
            public S session() {
                return session;
            }

            @Override
            public String notice() {
                return notice;
            }

            @Override
            public void close() {
                synchronized (this) {
                    if (released) {
                        return;
                    }
                    released = true;
                }
                release(entry);
            }
        };
    }

    private Entry leastRecentlyUsedIdle() {
        Entry lru = null;
        for (Entry e : entries.values()) {
            if (e.users == 0 && (lru == null || e.lastUsed - lru.lastUsed < 0)) {
                lru = e;
            }
        }
        return lru;
    }

    private static String lostNotice(String reason) {
        return reason == null ? null : "Note: the R session of this MCP session " + reason
                + ", so variables from earlier calls are lost.";
    }

    private void release(Entry e) {
        S orphan = null;
        synchronized (this) {
            e.users--;
            e.lastUsed = nanoClock.getAsLong();
            if (entries.get(e.id) != e && e.users == 0 && !e.closed) {
                orphan = e.session; // created for an entry that was ended while this call started
            }
        }
        if (orphan != null) {
            closeAll(List.of(orphan));
        }
    }

    /** Closes the session of an MCP session the client ended; its id is not remembered as lost. */
    void end(String mcpSessionId) {
        Entry e;
        synchronized (this) {
            e = entries.remove(mcpSessionId);
            lost.remove(mcpSessionId);
        }
        if (e != null) {
            S s;
            synchronized (e) { // waits for a creation in progress
                s = e.session;
            }
            synchronized (this) {
                e.closed = s != null;
            }
            if (s != null) {
                closeAll(List.of(s));
            }
        }
    }

    /** Closes the sessions idle for longer than the idle timeout; returns how many. */
    int evictIdle() {
        List<S> idle = new ArrayList<>();
        synchronized (this) {
            long now = nanoClock.getAsLong();
            entries.values().removeIf(e -> {
                if (e.users == 0 && now - e.lastUsed > idleNanos) {
                    lost.put(e.id, "was closed after " + Duration.ofNanos(idleNanos).toSeconds() + " s unused");
                    if (e.session != null) {
                        idle.add(e.session);
                    }
                    return true;
                }
                return false;
            });
        }
        closeAll(idle);
        return idle.size();
    }

    /** Sessions alive or being created. */
    synchronized int size() {
        return entries.size();
    }

    /** Closes every session; later {@link #acquire} calls are refused. Idempotent. */
    @Override
    public void close() {
        List<S> all = new ArrayList<>();
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            entries.values().forEach(e -> {
                if (e.session != null) {
                    all.add(e.session);
                }
            });
            entries.clear();
        }
        closeAll(all);
    }

    private static <S extends AutoCloseable> void closeAll(List<S> sessions) {
        RuntimeException failure = null;
        for (S s : sessions) {
            try {
                s.close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = new IllegalStateException("could not close every session");
                }
                failure.addSuppressed(e);
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
