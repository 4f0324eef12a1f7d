package io.securer.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** One session per MCP session id: lazy, capped, evicted when idle, closed when the MCP session ends. No R. */
class SessionRegistryTest {
    /** A stand-in session that knows whether it was closed. */
    static final class FakeSession implements AutoCloseable {
        final int number;
        int closes;

        FakeSession(int number) {
            this.number = number;
        }

        @Override
        public void close() {
            closes++;
        }
    }

    private final List<FakeSession> created = new ArrayList<>();
    private final AtomicLong now = new AtomicLong();

    private SessionRegistry<FakeSession> registry(int max) {
        return new SessionRegistry<>(() -> {
            FakeSession s = new FakeSession(created.size() + 1);
            created.add(s);
            return s;
        }, max, Duration.ofSeconds(10), now::get);
    }

    private FakeSession use(SessionRegistry<FakeSession> r, String id) {
        try (SessionRegistry.Lease<FakeSession> lease = r.acquire(id)) {
            return lease.session();
        }
    }

    @Test
    void aSessionIsCreatedOnTheFirstCallOfAnMcpSessionAndReusedAfter() {
        try (SessionRegistry<FakeSession> r = registry(4)) {
            assertEquals(0, created.size());
            FakeSession a = use(r, "A");
            assertSame(a, use(r, "A"));
            FakeSession b = use(r, "B");
            assertEquals(List.of(a, b), created);
            assertEquals(2, r.size());
        }
    }

    @Test
    void atTheCapTheLeastRecentlyUsedIdleSessionMakesRoomAndItsMcpSessionIsToldLater() {
        try (SessionRegistry<FakeSession> r = registry(2)) {
            FakeSession a = use(r, "A");
            now.addAndGet(1);
            use(r, "B");
            now.addAndGet(1);
            use(r, "C");

            assertEquals(1, a.closes);
            try (SessionRegistry.Lease<FakeSession> again = r.acquire("A")) {
                assertEquals(4, again.session().number);
                assertEquals("Note: the R session of this MCP session was closed to make room for another MCP "
                        + "session, so variables from earlier calls are lost.", again.notice());
            }
            try (SessionRegistry.Lease<FakeSession> later = r.acquire("A")) {
                assertNull(later.notice(), "said once");
            }
        }
    }

    @Test
    void whenEverySessionIsBusyANewMcpSessionIsRefused() {
        try (SessionRegistry<FakeSession> r = registry(1);
             SessionRegistry.Lease<FakeSession> busy = r.acquire("A")) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> r.acquire("B"));
            assertEquals("all 1 R sessions are busy running other MCP sessions' code; try again shortly",
                    e.getMessage());
            assertEquals(0, busy.session().closes);
        }
    }

    @Test
    void sessionsUnusedLongerThanTheIdleTimeoutAreClosedButBusyOnesStay() {
        try (SessionRegistry<FakeSession> r = registry(4)) {
            FakeSession idle = use(r, "A");
            try (SessionRegistry.Lease<FakeSession> busy = r.acquire("B")) {
                now.addAndGet(Duration.ofSeconds(11).toNanos());
                assertEquals(1, r.evictIdle());
                assertEquals(1, idle.closes);
                assertEquals(0, busy.session().closes);
            }
            try (SessionRegistry.Lease<FakeSession> back = r.acquire("A")) {
                assertEquals("Note: the R session of this MCP session was closed after 10 s unused, so variables "
                        + "from earlier calls are lost.", back.notice());
            }
        }
    }

    @Test
    void endingAnMcpSessionClosesItsSessionWithoutALostStateNoteForTheId() {
        try (SessionRegistry<FakeSession> r = registry(4)) {
            FakeSession a = use(r, "A");
            r.end("A");
            r.end("A");
            r.end("never-seen");
            assertEquals(1, a.closes);
            assertEquals(0, r.size());
            try (SessionRegistry.Lease<FakeSession> fresh = r.acquire("A")) {
                assertNull(fresh.notice());
                assertEquals(2, fresh.session().number);
            }
        }
    }

    @Test
    void aSessionEndedWhileInUseIsClosedAndNotHandedOutAgain() {
        try (SessionRegistry<FakeSession> r = registry(4)) {
            SessionRegistry.Lease<FakeSession> lease = r.acquire("A");
            r.end("A");
            assertEquals(1, lease.session().closes);
            lease.close();
            lease.close();
            assertEquals(1, lease.session().closes, "closed once");
            assertEquals(2, use(r, "A").number);
        }
    }

    @Test
    void aFailedCreationIsReportedAndTheNextCallTriesAgain() {
        int[] attempts = {0};
        try (SessionRegistry<FakeSession> r = new SessionRegistry<>(() -> {
            if (attempts[0]++ == 0) {
                throw new IllegalStateException("R is not installed");
            }
            return new FakeSession(attempts[0]);
        }, 1, Duration.ofSeconds(10), now::get)) {
            assertEquals("R is not installed",
                    assertThrows(IllegalStateException.class, () -> r.acquire("A")).getMessage());
            assertEquals(2, use(r, "A").number);
        }
    }

    @Test
    void closingClosesEverySessionOnceAndRefusesLaterCalls() {
        SessionRegistry<FakeSession> r = registry(4);
        FakeSession a = use(r, "A");
        FakeSession b = use(r, "B");
        r.close();
        r.close();
        assertEquals(1, a.closes);
        assertEquals(1, b.closes);
        assertEquals("the server is shutting down; no R code can run now",
                assertThrows(IllegalStateException.class, () -> r.acquire("C")).getMessage());
    }
}
