package io.securer.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.securer.ExecuteOptions;
import io.securer.ExecutionResult;
import io.securer.SecureSession;
import io.securer.engine.OutputSink;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Hostile R code floods its output, and leaves processes behind that keep writing. The host's
 * memory stays bounded and nothing lands in a later execution's result.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OutputAttackIT {
    /** Heap the test JVM may keep after the flood: the captured lines are capped at 8 MiB of cost. */
    static final long RETAINED_BOUND = 32L << 20;

    private SecureSession s;

    @BeforeAll
    void start() {
        s = SecurityFixtures.sandboxed();
    }

    @AfterAll
    void stop() {
        if (s != null) {
            s.close();
        }
    }

    private static long settledHeap() {
        var memory = ManagementFactory.getMemoryMXBean();
        long min = Long.MAX_VALUE;
        for (int i = 0; i < 4; i++) {
            System.gc();
            min = Math.min(min, memory.getHeapMemoryUsage().getUsed());
        }
        return min;
    }

    /**
     * 40 million empty lines (four times cat(strrep('\n', 1e7))), which once kept ~1.7 GB on the
     * host: every kept line costs its characters plus a fixed overhead against the 8 MiB cap, the
     * rest are counted, the handler still sees every line, and what the result keeps is measured
     * on the host heap after garbage collection.
     */
    @Test
    void emptyLinesCannotFillTheHostHeap() {
        AtomicLong seen = new AtomicLong();
        long before = settledHeap();
        long t0 = System.nanoTime();
        ExecutionResult r = s.execute("for (i in 1:4) cat(strrep('\\n', 1e7)); 'done'",
                ExecuteOptions.builder().timeout(Duration.ofMinutes(2)).outputHandler(l -> seen.incrementAndGet()).build());
        long millis = (System.nanoTime() - t0) / 1_000_000;
        long retained = settledHeap() - before;
        int kept = (int) (OutputSink.MAX_CAPTURED_BYTES / OutputSink.LINE_OVERHEAD);
        assertEquals("done", r.value().asText());
        assertEquals("[1] \"done\"", r.printed(), "the flood does not push out the printed value");
        assertEquals(kept, r.output().size());
        assertEquals(40_000_000 - kept, r.droppedOutputLines());
        assertEquals(40_000_001, seen.get(), "the handler sees every line, the printed value's too");
        System.out.printf("empty-line flood: %d ms, %.1f MiB retained by the result%n", millis, retained / 1048576.0);
        assertTrue(retained < RETAINED_BOUND, "host heap kept after 4e7 empty lines: " + retained + " bytes");
        assertEquals(2, s.execute("1 + 1").value().asInt());
        // keep the result reachable until after the measurement
        assertFalse(r.output().isEmpty());
    }

    /** A 100 MB line is cut at 64 KiB as it is read; the end mark behind it still ends the execution. */
    @Test
    void oneHugeLineIsCutWhileReading() {
        ExecutionResult r = s.execute("cat(strrep('x', 1e8)); 7");
        assertEquals(7, r.value().asInt());
        assertEquals(1, r.output().size());
        String line = r.output().get(0);
        assertTrue(line.endsWith(" ... [line truncated]"), line.substring(line.length() - 40));
        assertEquals(64 * 1024 + " ... [line truncated]".length(), line.length());
    }

    /**
     * A process the code leaves running in the background (double fork, so R is not its parent)
     * keeps printing for three seconds. In the sandbox it is killed when the execution ends: the
     * runtime signals every process of the sandbox's own pid namespace except R and the sandbox's
     * init. Later executions that span those three seconds see none of its lines.
     */
    @Test
    void backgroundProcessesDoNotWriteIntoLaterResults() {
        ExecutionResult started = s.execute("system(\"(sh -c 'for i in 1 2 3 4 5 6; do echo INJECTED-$i; "
                + "sleep .5; done' &)\"); 'started'");
        assertEquals("started", started.value().asText());
        List<String> later = new ArrayList<>();
        long until = System.nanoTime() + 3_500_000_000L;
        int executions = 0;
        while (System.nanoTime() < until || executions < 4) {
            ExecutionResult r = s.execute("Sys.sleep(0.25); cat('own output\\n'); " + executions);
            assertEquals(executions, r.value().asInt());
            later.addAll(r.output());
            executions++;
        }
        assertTrue(later.stream().noneMatch(l -> l.contains("INJECTED")), later.toString());
        assertEquals(executions, later.size(), "only each execution's own line: " + later);
        assertEquals("0", SecurityFixtures.string(s,
                "as.character(length(grep('^[0-9]+$', list.files('/proc'))) - 2L)"), "no process but init and R is left");
    }
}
