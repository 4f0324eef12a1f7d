package io.securer.langchain4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SessionCacheTest {
    static final class Fake implements AutoCloseable {
        final Object key;
        boolean closed;


        Fake(Object key) {
            this.key = key;
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    private final AtomicLong now = new AtomicLong();
    private final List<Fake> created = new ArrayList<>();

    private SessionCache<Fake> cache(int max, Duration idle) {
        return new SessionCache<>(k -> {
            Fake f = new Fake(k);
            created.add(f);
            return f;
        }, max, idle, now::get);
    }

    @Test
    void eachKeyGetsItsOwnSessionAndKeepsIt() {
        SessionCache<Fake> c = cache(4, Duration.ofMinutes(10));
        Fake a;
        try (var h = c.acquire("a")) {
            a = h.session();
        }
        try (var h = c.acquire("b")) {
            assertNotSame(a, h.session());
        }
        try (var h = c.acquire("a")) {
            assertSame(a, h.session());
        }
        assertEquals(2, created.size());
    }

    @Test
    void idleSessionsAreClosedAfterTheTimeout() {
        SessionCache<Fake> c = cache(4, Duration.ofSeconds(60));
        c.acquire("a").close();
        now.addAndGet(Duration.ofSeconds(59).toNanos());
        c.evictIdle();
        assertTrue(c.contains("a"));
        now.addAndGet(Duration.ofSeconds(1).toNanos());
        c.evictIdle();
        assertFalse(c.contains("a"));
        assertTrue(created.get(0).closed);
    }

    @Test
    void busySessionsAreNeverEvicted() {
        SessionCache<Fake> c = cache(1, Duration.ofSeconds(1));
        var h = c.acquire("a");
        now.addAndGet(Duration.ofHours(1).toNanos());
        c.evictIdle();
        assertTrue(c.contains("a"));
        assertThrows(SessionCache.FullException.class, () -> c.acquire("b"));
        h.close();
        try (var h2 = c.acquire("b")) {
            assertEquals("b", h2.session().key);
        }
        assertTrue(created.get(0).closed);
    }

    @Test
    void whenFullTheLeastRecentlyUsedIdleSessionMakesRoom() {
        SessionCache<Fake> c = cache(2, Duration.ofMinutes(10));
        c.acquire("a").close();
        now.addAndGet(1);
        c.acquire("b").close();
        now.addAndGet(1);
        c.acquire("a").close(); // a is now more recent than b
        now.addAndGet(1);
        c.acquire("c").close();
        assertTrue(c.contains("a"));
        assertFalse(c.contains("b"));
        assertTrue(c.contains("c"));
        assertEquals(2, c.size());
        assertTrue(created.get(1).closed);
        assertFalse(created.get(0).closed);
    }

    @Test
    void aFailedStartLeavesNoSlotAndIsRetried() {
        int[] attempts = {0};
        SessionCache<Fake> c = new SessionCache<>(k -> {
            if (attempts[0]++ == 0) {
                throw new IllegalStateException("R did not start");
            }
            return new Fake(k);
        }, 1, Duration.ofMinutes(1), now::get);
        assertThrows(IllegalStateException.class, () -> c.acquire("a"));
        assertEquals(0, c.size());
        try (var h = c.acquire("b")) {
            assertEquals("b", h.session().key);
        }
    }

    @Test
    void closeClosesIdleSessionsNowAndBusyOnesWhenReleased() {
        SessionCache<Fake> c = cache(4, Duration.ofMinutes(10));
        c.acquire("idle").close();
        var busy = c.acquire("busy");
        c.close();
        assertTrue(created.get(0).closed);
        assertFalse(created.get(1).closed);
        busy.close();
        assertTrue(created.get(1).closed);
        assertThrows(IllegalStateException.class, () -> c.acquire("x"));
        c.close(); // idempotent
    }
}
