package io.securer.security;

import static io.securer.security.SecurityFixtures.rError;
import static io.securer.security.SecurityFixtures.strings;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.securer.ExecutionResult;
import io.securer.MemoryLimitMode;
import io.securer.Plot;
import io.securer.RExecutionException;
import io.securer.SecureSession;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The memory cgroup around each sandbox, checked from both sides: the host's cgroup files and
 * what R can do under the default limits. CI runs as root with the cgroup v1 memory controller,
 * like the development machine; a host without memory cgroups FAILS this suite (a skipped
 * memory suite proves nothing).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MemoryCgroupIT {
    private static final long GIB = 1L << 30;
    private static final Pattern PID = Pattern.compile("running pid=(\\d+)");

    private SecureSession session;
    private Path cgroup;

    @BeforeAll
    void start() throws IOException {
        session = SecurityFixtures.sandboxed(SecureSession.builder());
        assertEquals(MemoryLimitMode.CGROUP, session.memoryLimitMode(), "this host must allow memory cgroups (root "
                + "with the cgroup v1 memory controller, or a delegated cgroup v2 subtree): " + session);
        cgroup = HostCgroup.of(session);
    }

    @AfterAll
    void stop() {
        if (session != null) {
            session.close();
            assertFalse(Files.exists(cgroup), "the session's cgroup is removed on close: " + cgroup);
        }
    }

    @Test
    void theChildsCgroupHasTheLimitAndHoldsEveryProcessOfTheSandbox() throws Exception {
        // Inside, a cgroup namespace: R sees its own cgroup as the root of the hierarchy.
        List<String> inside = strings(session, "readLines('/proc/self/cgroup')");
        assertTrue(inside.stream().anyMatch(l -> l.matches("\\d+:memory:/")), inside.toString());
        // Outside: the cgroup securer made for this session, with the default limit and no swap on top.
        assertEquals("securer", cgroup.getParent().getFileName().toString());
        assertTrue(cgroup.getFileName().toString().startsWith(session.id() + "-"), cgroup.toString());
        assertEquals(GIB, HostCgroup.number(cgroup, "memory.limit_in_bytes"));
        assertEquals(GIB, HostCgroup.number(cgroup, "memory.memsw.limit_in_bytes"));
        assertEquals("4294967296 4294967296",
                ResourceLimitsIT.childLimits(session).get("Max address space"), "RLIMIT_AS is only a backstop");

        // A process R starts in the background is in the same cgroup, as are setpriv/bwrap, its init and R.
        // Looked at while the execution that started it still runs: the runtime ends such
        // processes when their execution ends.
        CompletableFuture<ExecutionResult> running = CompletableFuture.supplyAsync(
                () -> session.execute("system('sleep 100 &'); Sys.sleep(4); 'done'"));
        long root = HostCgroup.rootPid(session);
        ProcessHandle sleep = null;
        long deadline = System.nanoTime() + 3_000_000_000L;
        while (sleep == null && System.nanoTime() < deadline) {
            // the sleep, once the shell that started it in the background is gone
            List<ProcessHandle> below = ProcessHandle.of(root).orElseThrow().descendants().toList();
            if (below.stream().noneMatch(h -> h.info().command().orElse("").endsWith("/sh"))) {
                sleep = below.stream().filter(h -> h.info().command().orElse("").endsWith("/sleep")).findFirst().orElse(null);
            }
            Thread.sleep(20);
        }
        assertTrue(sleep != null, "the background sleep started");
        Set<Long> tree = Stream.concat(Stream.of(root), ProcessHandle.of(root).orElseThrow().descendants()
                .map(ProcessHandle::pid)).collect(Collectors.toCollection(TreeSet::new));
        Set<Long> members = new TreeSet<>(HostCgroup.members(cgroup));
        assertEquals(tree, members);
        assertTrue(members.size() >= 4, "sandbox root, bwrap's init, R and sleep: " + members);
        assertTrue(members.contains(sleep.pid()), "the background sleep is in the cgroup: " + members);
        assertEquals("done", running.get(30, TimeUnit.SECONDS).value().asText());
        assertTrue(SecurityFixtures.allExit(List.of(sleep), 5), "the sleep ended with its execution");
    }

    @Test
    void lmOnAMillionRowsFitsTheDefaultLimits() throws IOException {
        HostCgroup.resetPeak(cgroup);
        long t0 = System.nanoTime();
        ExecutionResult r = session.execute("n <- 1e6; d <- data.frame(x = runif(n), y = 0, z = rnorm(n), "
                + "g = sample(letters, n, TRUE), w = runif(n)); d$y <- 2 * d$x + 0.5 * d$z + rnorm(n, sd = 0.1); "
                + "fit <- lm(y ~ x + z + w + g, data = d); round(unname(coef(fit)[c('x', 'z')]), 1)");
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertEquals(2.0, r.value().get(0).asDouble());
        assertEquals(0.5, r.value().get(1).asDouble());
        assertEquals(List.of(1_000_000, 5), List.of(session.execute("nrow(d)").value().asInt(),
                session.execute("ncol(d)").value().asInt()));
        report("lm on 1e6 rows x 5 columns", ms);
    }

    @Test
    void ggplotOfAHundredThousandPointsFitsTheDefaultLimits() throws IOException {
        HostCgroup.resetPeak(cgroup);
        long t0 = System.nanoTime();
        ExecutionResult r = session.execute("library(ggplot2); p <- data.frame(x = runif(1e5), y = rnorm(1e5)); "
                + "print(ggplot(p, aes(x, y)) + geom_point(alpha = 0.2))");
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertEquals(1, r.plots().size());
        Plot plot = r.plots().get(0);
        assertEquals("image/png", plot.mimeType());
        assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, Arrays.copyOf(plot.data(), 4));
        report("ggplot2 of 1e5 points", ms);
    }

    @Test
    void anAllocationPastTheLimitIsNamedAndTheSessionRestartsCleanly() throws IOException {
        Path first;
        Path second;
        try (SecureSession s = SecurityFixtures.sandboxed(SecureSession.builder())) {
            first = HostCgroup.of(s);
            s.execute("kept <- 1");
            // 1.5 GB: inside the 4 GiB address space, past the 1 GiB cgroup. The OOM killer ends R.
            RExecutionException e = rError(s, "x <- numeric(2e8); 1");
            assertEquals("R ran out of memory during execution: the sandbox used up its memory limit of 1 GiB "
                    + "(memory cgroup) and the kernel's OOM killer ended R; the session was restarted and its state "
                    + "is lost", e.rMessage());
            assertTrue(e.processDied());
            assertTrue(e.sessionRestarted());
            assertFalse(Files.exists(first), "the dead child's cgroup is gone: " + first);
            assertEquals(2, s.execute("1 + 1").value().asInt());
            assertEquals("object 'kept' not found", rError(s, "kept").rMessage());
            second = HostCgroup.of(s);
            assertNotEquals(first, second);
            assertEquals(GIB, HostCgroup.number(second, "memory.limit_in_bytes"));
        }
        assertFalse(Files.exists(second), "no cgroup is left after close: " + second);
    }

    @Test
    void processesRStartsShareTheOneLimit() throws IOException {
        // Three perls of 600 MB each: with a per-process rlimit each would fit; the cgroup holds them
        // all to 1 GiB together, and the OOM killer ends the biggest (a perl: this R holds little).
        try (SecureSession s = SecurityFixtures.sandboxed(SecureSession.builder())) {
            Path own = HostCgroup.of(s);
            List<String> status = strings(s, "system(\"for i in 1 2 3; do perl -e 'my $x = q(a) x 6e8; sleep 1' & "
                + "done; wait; echo done\", intern = TRUE)");
            assertEquals(List.of("done"), status);
            assertTrue(HostCgroup.oomKills(own) > 0, "the OOM killer acted in the sandbox's cgroup");
            long peak = HostCgroup.number(own, "memory.max_usage_in_bytes");
            assertTrue(peak <= GIB, "peak " + peak + " stayed within the limit");
            assertEquals(2, s.execute("1 + 1").value().asInt());
        }
    }

    private void report(String what, long ms) throws IOException {
        long peak = HostCgroup.number(cgroup, "memory.max_usage_in_bytes");
        System.out.printf(Locale.ROOT, "MEASURED %s: %d ms, cgroup peak %.0f MiB of %d MiB%n", what, ms,
                peak / 1048576.0, GIB >> 20);
        assertTrue(peak > 0 && peak < GIB, "peak " + peak);
    }

    /** The host's view of a session's memory cgroup (cgroup v1, as on CI). */
    static final class HostCgroup {
        private HostCgroup() {
        }

        /** The pid the session started: the sandbox's outermost process (sh, then setpriv, then bwrap). */
        static long rootPid(SecureSession s) {
            Matcher m = PID.matcher(s.toString());
            assertTrue(m.find(), s.toString());
            return Long.parseLong(m.group(1));
        }

        /** The directory of the memory cgroup the session's processes are in, from /proc/<pid>/cgroup. */
        static Path of(SecureSession s) throws IOException {
            long pid = rootPid(s);
            String line = Files.readAllLines(Path.of("/proc", Long.toString(pid), "cgroup")).stream()
                    .filter(l -> l.matches("\\d+:memory:.*")).findFirst()
                    .orElseThrow(() -> new AssertionError("no cgroup v1 memory controller for pid " + pid));
            String relative = line.substring(line.indexOf(":memory:") + ":memory:".length());
            Path dir = memoryMount().resolve(relative.substring(1));
            assertTrue(Files.isDirectory(dir), dir.toString());
            return dir;
        }

        private static Path memoryMount() throws IOException {
            for (String l : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
                String[] post = l.substring(l.indexOf(" - ") + 3).split(" ");
                if (post[0].equals("cgroup") && Arrays.asList(post[2].split(",")).contains("memory")) {
                    return Path.of(l.split(" ")[4]);
                }
            }
            throw new AssertionError("no cgroup v1 memory controller is mounted");
        }

        static long number(Path cgroup, String file) throws IOException {
            return Long.parseLong(Files.readString(cgroup.resolve(file), StandardCharsets.US_ASCII).strip());
        }

        static List<Long> members(Path cgroup) throws IOException {
            return Files.readAllLines(cgroup.resolve("cgroup.procs")).stream().map(Long::parseLong).toList();
        }

        static long oomKills(Path cgroup) throws IOException {
            return Files.readAllLines(cgroup.resolve("memory.oom_control")).stream()
                    .filter(l -> l.startsWith("oom_kill ")).mapToLong(l -> Long.parseLong(l.substring(9).strip()))
                    .findFirst().orElseThrow(() -> new AssertionError("memory.oom_control has no oom_kill counter"));
        }

        static void resetPeak(Path cgroup) throws IOException {
            Files.writeString(cgroup.resolve("memory.max_usage_in_bytes"), "0");
        }
    }
}
