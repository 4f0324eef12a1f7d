package io.securer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SecureSessionPoolIT {

    @BeforeAll
    static void prerequisites() {
        RTestSupport.requireR();
    }

    static long rProcessesOfThisJvm() {
        return ProcessHandle.current().descendants()
                .filter(h -> h.info().command().map(c -> c.endsWith("/exec/R")).orElse(false)).count();
    }

    @Test
    void eightThreadsTimesTwoHundredWithRandomFailures() throws Exception {
        long before = rProcessesOfThisJvm();
        AtomicInteger ok = new AtomicInteger();
        AtomicInteger rErrors = new AtomicInteger();
        AtomicInteger timeouts = new AtomicInteger();
        AtomicInteger kills = new AtomicInteger();
        // Sessions handed on as they are (the opt-in): this is about contention, not isolation.
        try (SecureSessionPool pool = SecureSessionPool.builder().size(2).resetBetweenUses(false)
                .acquireTimeout(Duration.ofMinutes(2)).tool(RTestSupport.add()).build()) {
            assertEquals(before + 2, rProcessesOfThisJvm());
            ExecutorService threads = Executors.newFixedThreadPool(8);
            List<Future<?>> fs = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int thread = t;
                fs.add(threads.submit(() -> {
                    for (int i = 0; i < 200; i++) {
                        int v = thread * 10_000 + i;
                        int dice = ThreadLocalRandom.current().nextInt(100);
                        if (dice < 4) {
                            RExecutionException e = assertThrows(RExecutionException.class,
                                    () -> pool.execute("stop('failure " + v + "')"));
                            assertEquals("failure " + v, e.rMessage());
                            rErrors.incrementAndGet();
                        } else if (dice < 6) {
                            assertThrows(ExecutionTimeoutException.class, () -> pool.execute("Sys.sleep(5)",
                                    ExecuteOptions.builder().timeout(Duration.ofMillis(150)).build()));
                            timeouts.incrementAndGet();
                        } else if (dice < 8) {
                            RExecutionException e = assertThrows(RExecutionException.class,
                                    () -> pool.execute("tools::pskill(Sys.getpid(), tools::SIGKILL); Sys.sleep(5)"));
                            assertTrue(e.getMessage().contains("the R process exited"), e.getMessage());
                            kills.incrementAndGet();
                        } else {
                            ExecutionResult r = pool.execute("v <- " + v + "; add(v, v)");
                            assertEquals(2.0 * v, r.value().asDouble(), "call " + v + " got someone else's result");
                            ok.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : fs) {
                f.get();
            }
            threads.shutdown();
            assertEquals(1600, ok.get() + rErrors.get() + timeouts.get() + kills.get());
            assertTrue(pool.awaitSettled(Duration.ofSeconds(30)));
            assertEquals(2, pool.available());
            PoolStatus st = pool.status();
            assertEquals(new PoolStatus(2, 0, 2, 0), st);
            assertEquals(before + 2, rProcessesOfThisJvm());
            System.out.printf("pool IT: ok=%d rErrors=%d timeouts=%d kills=%d%n", ok.get(), rErrors.get(), timeouts.get(), kills.get());
        }
        assertEquals(before, rProcessesOfThisJvm());
    }

    @Test
    void busyPoolFailsAtOnceWithAZeroAcquireTimeout() throws Exception {
        try (SecureSessionPool pool = SecureSessionPool.builder().size(1).resetBetweenUses(false)
                .acquireTimeout(Duration.ZERO).build();
             PooledSession held = pool.lease()) {
            assertEquals(0, pool.available());
            ExecutionRejectedException e = assertThrows(ExecutionRejectedException.class, () -> pool.execute("1"));
            assertEquals("all 1 pooled sessions stayed busy", e.getMessage());
            assertEquals(new PoolStatus(1, 1, 0, 0), pool.status());
            assertEquals(3, held.execute("1 + 2").value().asInt());
        }
    }

    @Test
    void byDefaultCallersQueueForABusyPoolInsteadOfFailing() throws Exception {
        ExecutorService ex = Executors.newSingleThreadExecutor();
        try (SecureSessionPool pool = SecureSessionPool.builder().size(1).build()) {
            Future<Integer> queued;
            try (PooledSession held = pool.lease()) {
                CountDownLatch started = new CountDownLatch(1);
                queued = ex.submit(() -> {
                    started.countDown();
                    return pool.execute("40 + 2").value().asInt();
                });
                started.await();
                held.execute("Sys.sleep(0.3)");
                assertFalse(queued.isDone(), "the second caller waits while the only session is leased");
            }
            assertEquals(42, queued.get(30, java.util.concurrent.TimeUnit.SECONDS));
        } finally {
            ex.shutdown();
        }
    }

    @Test
    void leaseKeepsStateAcrossCallsAndCloseWakesWaiters() throws Exception {
        SecureSessionPool pool = SecureSessionPool.builder().size(1).resetBetweenUses(false)
                .acquireTimeout(Duration.ofMinutes(1)).build();
        CountDownLatch waiting = new CountDownLatch(1);
        Future<Throwable> waiter;
        ExecutorService ex = Executors.newSingleThreadExecutor();
        try (PooledSession lease = pool.lease()) {
            lease.execute("held <- 5");
            assertEquals(10, lease.execute("held * 2").value().asInt());
            waiter = ex.submit(() -> {
                waiting.countDown();
                try {
                    pool.execute("1");
                    return null;
                } catch (Throwable t) {
                    return t;
                }
            });
            waiting.await();
            pool.close();
        }
        Throwable t = waiter.get();
        assertTrue(t instanceof SessionClosedException, String.valueOf(t));
        assertEquals("the session pool is closed", t.getMessage());
        ex.shutdown();
        assertEquals(new PoolStatus(0, 0, 0, 0), pool.status());
    }

    @Test
    void byDefaultEveryCallerGetsFreshStateWithoutWaitingForR() throws Exception {
        try (SecureSessionPool pool = SecureSessionPool.builder().size(1).build()) {
            assertTrue(pool.resetsBetweenUses());
            assertEquals(2, pool.status().total());
            for (int i = 0; i < 6; i++) {
                ExecutionResult r = pool.execute("was_here <- exists('secret_from_before'); secret_from_before <- 1; was_here");
                assertFalse(r.value().asBoolean(), "use " + i + " saw an earlier caller's state");
            }
            // Once background restarts settle, both children are up and idle: the next caller
            // gets an already-started session instead of waiting for R.
            assertTrue(pool.awaitSettled(Duration.ofSeconds(30)));
            assertEquals(new PoolStatus(2, 0, 2, 0), pool.status());
            assertEquals(1, pool.available());
            assertEquals(1, pool.execute("1").value().asInt());
        }
    }

    @Test
    void sizeIsValidated() {
        assertEquals("pool size must be between 1 and 100, got 0",
                assertThrows(IllegalArgumentException.class, () -> SecureSessionPool.builder().size(0)).getMessage());
        assertEquals("pool size must be between 1 and 100, got 101",
                assertThrows(IllegalArgumentException.class, () -> SecureSessionPool.builder().size(101)).getMessage());
    }
}
