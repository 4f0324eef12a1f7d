package io.securer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The pool's state machine without R: members are plain strings. */
class PoolSlotsTest {

    @Test
    void membersAreHandedOutAtMostSizeAtATime() {
        PoolSlots<String> slots = new PoolSlots<>(2);
        slots.add("a");
        slots.add("b");
        slots.add("c"); // a warm spare
        assertEquals("a", slots.acquire(Duration.ZERO));
        assertEquals("b", slots.acquire(Duration.ZERO));
        ExecutionRejectedException e = assertThrows(ExecutionRejectedException.class, () -> slots.acquire(Duration.ZERO));
        assertEquals("all 2 pooled sessions stayed busy", e.getMessage());
        assertArrayEquals(new int[] {3, 2, 1}, slots.counts());
    }

    @Test
    void aCallerQueuesUntilAMemberIsGivenBack() throws Exception {
        PoolSlots<String> slots = new PoolSlots<>(1);
        slots.add("a");
        String held = slots.acquire(null);
        CountDownLatch waiting = new CountDownLatch(1);
        CompletableFuture<String> next = CompletableFuture.supplyAsync(() -> {
            waiting.countDown();
            return slots.acquire(Duration.ofSeconds(10));
        });
        assertTrue(waiting.await(5, TimeUnit.SECONDS));
        assertFalse(next.isDone());
        slots.giveBack(held);
        assertEquals("a", next.get(5, TimeUnit.SECONDS));
    }

    @Test
    void aWaitingCallerGivesUpAfterItsTimeout() {
        PoolSlots<String> slots = new PoolSlots<>(1);
        slots.add("a");
        slots.acquire(null);
        ExecutionRejectedException e = assertThrows(ExecutionRejectedException.class,
                () -> slots.acquire(Duration.ofMillis(50)));
        assertEquals("all 1 pooled sessions stayed busy for 50 ms", e.getMessage());
    }

    @Test
    void recyclingFreesTheSlotAtOnceAndReturnsTheMemberLast() throws Exception {
        PoolSlots<String> slots = new PoolSlots<>(1);
        slots.add("a");
        slots.add("spare");
        String used = slots.acquire(Duration.ZERO);
        assertTrue(slots.beginRecycle(used));
        assertEquals(1, slots.available());
        assertEquals("spare", slots.acquire(Duration.ZERO));
        assertFalse(slots.awaitSettled(Duration.ofMillis(10)));
        slots.endRecycle(used);
        assertTrue(slots.awaitSettled(Duration.ofMillis(10)));
        slots.giveBack("spare");
        assertEquals("spare", slots.acquire(Duration.ZERO), "given back first in line");
    }

    @Test
    void closingWakesWaitersAndRefusesEverything() throws Exception {
        PoolSlots<String> slots = new PoolSlots<>(1);
        slots.add("a");
        slots.acquire(null);
        CompletableFuture<Throwable> waiter = CompletableFuture.supplyAsync(() -> {
            try {
                slots.acquire(null);
                return null;
            } catch (RuntimeException e) {
                return e;
            }
        });
        while (!slots.isClosed() && !waiter.isDone()) {
            assertTrue(slots.close());
        }
        assertTrue(waiter.get(5, TimeUnit.SECONDS) instanceof SessionClosedException);
        assertFalse(slots.close(), "close is idempotent");
        assertFalse(slots.beginRecycle("a"));
        assertEquals(0, slots.available());
        assertThrows(SessionClosedException.class, () -> slots.acquire(Duration.ZERO));
    }
}
