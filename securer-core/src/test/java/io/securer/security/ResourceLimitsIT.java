package io.securer.security;

import static io.securer.security.SecurityFixtures.rError;
import static io.securer.security.SecurityFixtures.strings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.securer.RExecutionException;
import io.securer.ResourceLimits;
import io.securer.SecureSession;
import io.securer.SandboxMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Each limit is read back from the child's own /proc/self/limits, then hit. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ResourceLimitsIT {
    private static final long MIB = 1024L * 1024L;
    private static final List<String> ROWS = List.of("Max cpu time", "Max file size", "Max processes",
            "Max open files", "Max address space", "Max stack size");

    private SecureSession defaults;

    @BeforeAll
    void start() {
        defaults = SecurityFixtures.sandboxed();
    }

    @AfterAll
    void stop() {
        if (defaults != null) {
            defaults.close();
        }
    }

    /** Row name to "soft hard" for the rows a ResourceLimits can set. */
    static Map<String, String> parse(List<String> lines) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String line : lines) {
            String[] cols = line.trim().split("\\s{2,}");
            if (ROWS.contains(cols[0])) {
                m.put(cols[0], cols[1] + " " + cols[2]);
            }
        }
        return m;
    }

    static Map<String, String> childLimits(SecureSession s) {
        return parse(strings(s, "readLines('/proc/self/limits')"));
    }

    @Test
    void defaultLimitsHoldInsideTheChild() {
        // CI runs as root with a memory cgroup controller: memory is capped per sandbox (MemoryCgroupIT),
        // and the address space is only a backstop. Without a cgroup the address space is the limit.
        SecurityFixtures.assertMemoryModeOfThisHost(defaults);
        Map<String, String> l = childLimits(defaults);
        assertEquals("60 60", l.get("Max cpu time"));
        assertEquals(SecurityFixtures.defaultAddressSpace(defaults), l.get("Max address space"));
        assertEquals("52428800 52428800", l.get("Max file size"));
        assertEquals("50 50", l.get("Max processes"));
        assertEquals("256 256", l.get("Max open files"));
    }

    @Test
    void customLimitsIncludingStackHold() {
        ResourceLimits custom = ResourceLimits.builder().cpuSeconds(30).memoryBytes(1024 * MIB)
                .fileSizeBytes(10 * MIB).maxProcesses(20).maxOpenFiles(200).stackBytes(16 * MIB).build();
        try (SecureSession s = SecurityFixtures.sandboxed(SecureSession.builder().limits(custom))) {
            assertEquals(Map.of("Max cpu time", "30 30", "Max file size", "10485760 10485760",
                    "Max processes", "20 20", "Max open files", "200 200",
                    "Max address space", SecurityFixtures.defaultAddressSpace(s), "Max stack size", "16777216 16777216"),
                    childLimits(s));
        }
    }

    @Test
    void noLimitsMeansTheHostsOwnValues() throws Exception {
        Map<String, String> host = parse(Files.readAllLines(Path.of("/proc/self/limits")));
        try (SecureSession s = SecurityFixtures.sandboxed(SecureSession.builder().limits(ResourceLimits.none()))) {
            assertEquals(host, childLimits(s));
            assertEquals("unlimited unlimited", childLimits(s).get("Max cpu time"));
        }
    }

    @Test
    void limitsApplyWithoutTheSandboxToo() {
        SecurityFixtures.requireR();
        try (SecureSession s = SecureSession.builder().sandbox(false).limits(ResourceLimits.defaults()).build()) {
            assertEquals(SandboxMode.NONE, s.sandboxMode());
            SecurityFixtures.assertMemoryModeOfThisHost(s);
            Map<String, String> l = childLimits(s);
            assertEquals("60 60", l.get("Max cpu time"));
            assertEquals(SecurityFixtures.defaultAddressSpace(s), l.get("Max address space"));
            assertEquals("52428800 52428800", l.get("Max file size"));
            // Root shows the limit (and ignores it); a non-root host leaves it out, or R could not
            // start: it would count every process and thread of the user, this JVM's included.
            assertEquals(SecurityFixtures.jvmIsRoot() ? "50 50" : parse(readJvmLimits()).get("Max processes"),
                    l.get("Max processes"));
            assertEquals("256 256", l.get("Max open files"));
        }
    }

    private static List<String> readJvmLimits() {
        try {
            return Files.readAllLines(Path.of("/proc/self/limits"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void cpuLimitKillsTheLoopAndTheSessionRecovers() {
        try (SecureSession s = SecurityFixtures.sandboxed(SecureSession.builder()
                .limits(ResourceLimits.builder().cpuSeconds(2).build()))) {
            long t0 = System.nanoTime();
            RExecutionException e = rError(s, "repeat {}");
            assertTrue(e.rMessage().startsWith("the R process exited during execution"), e.rMessage());
            assertTrue(System.nanoTime() - t0 < 20_000_000_000L, "killed by RLIMIT_CPU, not by something slower");
            assertEquals(2, s.execute("1 + 1").value().asInt());
            assertEquals("2 2", childLimits(s).get("Max cpu time"));
        }
    }

    @Test
    void memoryBombPastTheAddressSpaceFailsInsideRAndTheSessionKeepsItsState() {
        // 4.5 GB, past the 4 GiB backstop: R's own error, nothing restarted. (Between 1 GiB and
        // 4 GiB the cgroup's OOM killer acts instead: MemoryCgroupIT.)
        defaults.execute("kept <- 42");
        RExecutionException e = rError(defaults, "x <- numeric(6e8)");
        assertEquals("cannot allocate vector of size 4.5 Gb", e.rMessage());
        assertEquals(false, e.sessionRestarted());
        assertEquals(42, defaults.execute("kept").value().asInt());
    }

    @Test
    void fileSizeLimitStopsAWriterAtFiftyMiB() {
        // SIGXFSZ is ignored in the sandbox, so a writer past the limit gets EFBIG instead of dying:
        // dd reports the failed write and exits 1, leaving exactly 50 MiB.
        List<String> out = strings(defaults, "system('dd if=/dev/zero of=/tmp/big bs=1M count=100 2>/dev/null; echo rc=$?', intern = TRUE)");
        assertEquals(List.of("rc=1"), out);
        assertEquals(50 * MIB, defaults.execute("file.size('/tmp/big')").value().asLong());
        defaults.execute("unlink('/tmp/big')");
        // R itself writing past the limit gets R's own error; the session and its state survive.
        defaults.execute("kept <- 42");
        RExecutionException e = rError(defaults, "writeLines(rep(strrep('x', 1023), 60 * 1024), '/tmp/big')");
        assertEquals("Error writing to connection:  File too large", e.rMessage());
        assertEquals(List.of("Error in writeLines(rep(strrep(\"x\", 1023), 60 * 1024), \"/tmp/big\") : ",
                "  Error writing to connection:  File too large"), e.console());
        assertEquals(false, e.sessionRestarted());
        assertEquals(50 * MIB, defaults.execute("file.size('/tmp/big')").value().asLong());
        assertEquals(42, defaults.execute("unlink('/tmp/big'); kept").value().asInt());
    }

    @Test
    void forkBombIsContainedAndLeavesNothingOnTheHost() {
        java.util.Set<Long> before = pids(SecurityFixtures.jvmDescendants());
        try (SecureSession s = SecurityFixtures.sandboxed(SecureSession.builder())) {
            List<String> tail = strings(s, "for (i in 1:80) system('sleep 300 &'); "
                    + "system('b() { b | b & }; b 2>/dev/null'); "
                    + "n <- length(" + SecurityFixtures.visiblePids() + "); c(n <= 50, n > 30)");
            assertEquals(List.of("true", "true"), tail, "pids visible in the sandbox: between 30 and the limit of 50");
            List<ProcessHandle> grown = SecurityFixtures.jvmDescendants().stream()
                    .filter(h -> !before.contains(h.pid())).toList();
            // The sandbox's <= 50 processes plus setpriv/bwrap's outer process: nothing else grew.
            assertTrue(grown.size() <= 52, "host sees " + grown.size() + " new processes");
            s.restart();
            assertTrue(SecurityFixtures.allExit(grown, 20), "every process of the bombed child exited");
            assertEquals(2, s.execute("1 + 1").value().asInt());
        }
        List<ProcessHandle> left = SecurityFixtures.jvmDescendants().stream()
                .filter(h -> !before.contains(h.pid())).toList();
        assertTrue(SecurityFixtures.allExit(left, 20), "closing the session left no process behind");
    }

    private static java.util.Set<Long> pids(List<ProcessHandle> hs) {
        return hs.stream().map(ProcessHandle::pid).collect(java.util.stream.Collectors.toSet());
    }

    @Test
    void fileDescriptorExhaustionFailsCleanly() {
        // R's own connection table (128) is the first wall under the default 256 fds.
        RExecutionException table = rError(defaults,
                "cons <- list(); for (i in 1:10000) cons[[i]] <- file('/run/securer/runtime.R', 'r')");
        assertEquals("all connections are in use", table.rMessage());
        assertEquals(2, defaults.execute("closeAllConnections(); 1 + 1").value().asInt());
        // processx connections are plain fds outside R's table: they run into RLIMIT_NOFILE (256).
        RExecutionException e = rError(defaults,
                "cons <- list(); for (i in 1:10000) cons[[i]] <- processx::conn_create_file('/run/securer/runtime.R')");
        assertTrue(e.rMessage().contains("Too many open files"), e.rMessage());
        assertEquals(2, defaults.execute("rm(cons); invisible(gc()); 1 + 1").value().asInt());
        assertEquals(true, defaults.execute("length(processx::conn_create_file('/run/securer/runtime.R')) == 1").value().asBoolean());
    }
}
