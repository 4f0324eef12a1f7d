package io.securer.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.securer.ExecuteOptions;
import io.securer.ExecutionResult;
import io.securer.ExecutionTimeoutException;
import io.securer.SecureSession;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A timeout's interrupt (SIGINT to R, then the interrupt notice on the socket) must never land in
 * the next execution. Hundreds of timed executions whose code runs about as long as their timeout
 * (1-40 ms, sleeping or busy), so that the signal often arrives just as the code ends, each
 * followed by an untimed execution that must succeed on the same child with its state intact.
 */
class InterruptRaceIT {
    private static final int PAIRS = 300;

    @Test
    void aTimeoutsInterruptNeverLandsInTheNextExecution() {
        long seed = Long.getLong("securer.interruptRace.seed", System.nanoTime());
        Random random = new Random(seed);
        int timedOut = 0;
        int finished = 0;
        try (SecureSession s = SecurityFixtures.sandboxed()) {
            s.execute("counter <- 0L");
            for (int i = 1; i <= PAIRS; i++) {
                int timeoutMs = 1 + random.nextInt(40);
                int runMs = random.nextInt(41);
                String code = random.nextBoolean()
                        ? "Sys.sleep(" + runMs / 1000.0 + "); 'slept'"
                        : "t0 <- proc.time()[[3]]; while (proc.time()[[3]] - t0 < " + runMs / 1000.0 + ") NULL; 'busy'";
                String context = "pair " + i + " (seed " + seed + ", timeout " + timeoutMs + " ms, code " + runMs + " ms)";
                try {
                    ExecutionResult r = s.execute(code,
                            ExecuteOptions.builder().timeout(Duration.ofMillis(timeoutMs)).build());
                    assertFalse(r.sessionRestarted(), context);
                    finished++;
                } catch (ExecutionTimeoutException e) {
                    assertFalse(e.sessionRestarted(), "R answered the interrupt in time: " + context);
                    timedOut++;
                }
                // Long enough (a few ms of busy work) for a stray interrupt to land in it.
                ExecutionResult next = s.execute("counter <- counter + 1L; x <- 0; for (k in 1:20000) x <- x + k; "
                        + "c(counter, x)");
                assertEquals("[" + i + ",200010000]", next.value().toString(), context);
                assertFalse(next.sessionRestarted(), context);
            }
        }
        System.out.printf("interrupt race: %d timed out, %d finished (seed %d)%n", timedOut, finished, seed);
        assertTrue(timedOut > PAIRS / 10 && finished > PAIRS / 10,
                "both outcomes exercised: " + timedOut + " timed out, " + finished + " finished");
    }
}
