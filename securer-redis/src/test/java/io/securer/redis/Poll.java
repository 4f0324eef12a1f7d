package io.securer.redis;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/** Waits for a condition with a deadline, checking it every few milliseconds. */
final class Poll {
    private static final long PAUSE_NANOS = Duration.ofMillis(20).toNanos();

    private Poll() {
    }

    /** Returns once {@code condition} holds; fails with {@code what} when {@code within} passes first. */
    static void until(Duration within, String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + within.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + within + ": " + what);
            }
            pause();
        }
    }

    /** The short pause between two checks of a condition (never used to wait for an event by itself). */
    static void pause() {
        LockSupport.parkNanos(PAUSE_NANOS);
    }
}
