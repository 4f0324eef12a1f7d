package io.securer.security;

import static io.securer.security.SecurityFixtures.rError;
import static io.securer.security.SecurityFixtures.string;
import static io.securer.security.SecurityFixtures.strings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.securer.RExecutionException;
import io.securer.ResourceLimits;
import io.securer.SecureSession;
import io.securer.container.ContainerFixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The container backend's limits, read back from inside the container ({@code /proc/self/limits},
 * the container's own cgroup files) and then hit: the memory cap for the whole container, the
 * data rlimit for one allocation, the pids limit against a fork bomb, CPU and file size.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ContainerLimitsIT {
    private static final long MIB = 1024L * 1024L;
    private static final List<String> ROWS = List.of("Max cpu time", "Max file size", "Max data size", "Max processes",
            "Max open files", "Max core file size", "Max address space");

    private Path rootfs;
    private SecureSession defaults;

    @BeforeAll
    void start() throws IOException {
        ContainerFixtures.requirePodman();
        rootfs = ContainerFixtures.buildRootfs(Path.of(System.getProperty("java.io.tmpdir")));
        defaults = session(ResourceLimits.defaults());
    }

    @AfterAll
    void stop() throws IOException {
        try {
            if (defaults != null) {
                defaults.close();
            }
        } finally {
            try {
                ContainerFixtures.removeLeftovers();
            } finally {
                ContainerFixtures.deleteTree(rootfs);
            }
        }
    }

    private SecureSession session(ResourceLimits limits) {
        return ContainerFixtures.session(SecureSession.builder().limits(limits), ContainerFixtures.sandbox(rootfs));
    }

    private static Map<String, String> childLimits(SecureSession s) {
        Map<String, String> m = new java.util.LinkedHashMap<>();
        for (String line : strings(s, "readLines('/proc/self/limits')")) {
            String[] cols = line.trim().split("\\s{2,}");
            if (ROWS.contains(cols[0])) {
                m.put(cols[0], cols[1] + " " + cols[2]);
            }
        }
        return m;
    }

    /** A file of the container's own memory or pids cgroup, as R reads it (cgroup v1 or v2 layout). */
    private static String cgroupFile(SecureSession s, String v1, String v2) {
        return string(s, "if (file.exists('/sys/fs/cgroup/cgroup.controllers')) readLines('/sys/fs/cgroup/" + v2
                + "') else readLines('/sys/fs/cgroup/" + v1 + "')");
    }

    @Test
    void defaultLimitsHoldInsideTheContainer() {
        Map<String, String> expected = new java.util.LinkedHashMap<>();
        expected.put("Max cpu time", "60 60");
        expected.put("Max file size", "52428800 52428800");
        expected.put("Max data size", "1073741824 1073741824");
        expected.put("Max core file size", "0 0");
        expected.put("Max processes", "50 50");
        expected.put("Max open files", "256 256");
        expected.put("Max address space", "unlimited unlimited");
        assertEquals(expected, childLimits(defaults));
        assertEquals("1073741824", cgroupFile(defaults, "memory/memory.limit_in_bytes", "memory.max"));
        // No swap on top: memory+swap equals memory (v1), swap alone is 0 (v2).
        boolean v2 = defaults.execute("file.exists('/sys/fs/cgroup/cgroup.controllers')").value().asBoolean();
        assertEquals(v2 ? "0" : "1073741824", cgroupFile(defaults, "memory/memory.memsw.limit_in_bytes", "memory.swap.max"));
        assertEquals("50", cgroupFile(defaults, "pids/pids.max", "pids.max"));
    }

    @Test
    void oneOversizedAllocationIsAnRErrorAndTheSessionStaysUsable() {
        defaults.execute("kept <- 41");
        RExecutionException e = rError(defaults, "x <- numeric(2e8)");
        assertEquals("cannot allocate vector of size 1.5 Gb", e.rMessage());
        assertFalse(e.sessionRestarted());
        assertEquals(42, defaults.execute("kept + 1").value().asInt());
    }

    @Test
    void memoryBeyondTheContainerCapKillsRAndTheSessionRestartsInAFreshContainer() {
        try (SecureSession s = session(ResourceLimits.builder().memoryBytes(256 * MIB).build())) {
            s.execute("kept <- 1");
            List<String> before = ContainerFixtures.containers();
            // 160 MB in R's heap (under the data rlimit) plus 160 MB of files that a shell writes into
            // the tmpfs /tmp, which count toward the container's memory: the OOM killer ends R, the
            // largest process. (R writing the files itself could hit its data rlimit first.)
            RExecutionException e = rError(s, "y <- numeric(2e7); "
                    + "system('for i in 1 2 3 4; do head -c 40000000 /dev/zero > /tmp/f$i; done')");
            assertEquals("the R process exited during execution; the session was restarted and its state is lost",
                    e.rMessage());
            assertTrue(e.sessionRestarted());
            assertFalse(s.execute("exists('kept')").value().asBoolean());
            assertEquals(List.of(), strings(s, "list.files('/tmp', pattern = '^f[0-9]$')"), "a fresh /tmp");
            List<String> after = ContainerFixtures.containers();
            assertEquals(before.size(), after.size(), after.toString());
            assertNotEquals(before, after, "the killed container was replaced");
        }
    }

    @Test
    void forkBombIsContainedByThePidsLimitAndLeavesNothingOnTheHost() throws Exception {
        String uid;
        List<String> before = ContainerFixtures.containers();
        try (SecureSession s = session(ResourceLimits.defaults())) {
            assertEquals(before.size() + 1, ContainerFixtures.containers().size());
            uid = string(s, "system('id -u', intern = TRUE)");
            List<String> counts = strings(s, "for (i in 1:80) system('sleep 300 &'); "
                    + "system('b() { b | b & }; b 2>/dev/null'); "
                    + "c(length(" + SecurityFixtures.visiblePids() + "), if (file.exists('/sys/fs/cgroup/cgroup.controllers')) "
                    + "readLines('/sys/fs/cgroup/pids.current') else readLines('/sys/fs/cgroup/pids/pids.current'))");
            assertTrue(Integer.parseInt(counts.get(1)) <= 50, "pids.current " + counts);
            assertTrue(Integer.parseInt(counts.get(0)) > 30, "the bomb ran: " + counts);
            assertEquals(2, s.execute("1 + 1").value().asInt(), "R stays responsive");
            long onHost = processesOf(uid).size();
            assertTrue(onHost <= 50, "host processes of the container's uid: " + onHost);
        }
        List<ProcessHandle> left = processesOf(uid);
        assertTrue(SecurityFixtures.allExit(left, 20), "closing the session left processes of uid " + uid + ": " + left);
        assertEquals(before, ContainerFixtures.containers(), "the bombed container is gone");
    }

    /** Host processes whose real uid is {@code uid} (the container's uid has no name on the host). */
    private static List<ProcessHandle> processesOf(String uid) throws IOException {
        List<ProcessHandle> found = new java.util.ArrayList<>();
        try (var dirs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path dir : dirs) {
                try {
                    for (String line : Files.readAllLines(dir.resolve("status"))) {
                        if (line.startsWith("Uid:") && line.split("\\s+")[1].equals(uid)) {
                            ProcessHandle.of(Long.parseLong(dir.getFileName().toString())).ifPresent(found::add);
                        }
                    }
                } catch (IOException gone) {
                    // the process exited while we looked
                }
            }
        }
        return found;
    }

    @Test
    void cpuLimitKillsTheLoopAndTheSessionRecovers() {
        try (SecureSession s = session(ResourceLimits.builder().cpuSeconds(2).build())) {
            long t0 = System.nanoTime();
            RExecutionException e = rError(s, "repeat {}");
            assertTrue(e.rMessage().startsWith("the R process exited during execution"), e.rMessage());
            assertTrue(System.nanoTime() - t0 < 20_000_000_000L, "killed by RLIMIT_CPU, not by something slower");
            assertEquals(2, s.execute("1 + 1").value().asInt());
        }
    }

    @Test
    void fileSizeLimitStopsAWriterAtFiftyMiB() {
        assertEquals(List.of("rc=153"), strings(defaults,
                "system('dd if=/dev/zero of=/tmp/big bs=1M count=100 2>/dev/null; echo rc=$?', intern = TRUE)"));
        assertEquals(50 * MIB, defaults.execute("file.size('/tmp/big')").value().asLong());
        defaults.execute("unlink('/tmp/big')");
    }

    @Test
    void noLimitsStillPassesExplicitOpenFileAndProcessCeilings() throws IOException {
        String openFiles = null;
        long processes;
        try (var in = Files.newInputStream(Path.of("/proc/sys/kernel/pid_max"))) { // see HostLimits: not readString
            processes = Long.parseLong(new String(in.readNBytes(64), java.nio.charset.StandardCharsets.US_ASCII).strip());
        }
        for (String line : Files.readAllLines(Path.of("/proc/self/limits"))) {
            String[] cols = line.trim().split("\\s{2,}");
            if (cols[0].equals("Max open files")) {
                openFiles = cols[2];
            } else if (cols[0].equals("Max processes") && !cols[2].equals("unlimited")) {
                processes = Math.min(processes, Long.parseLong(cols[2]));
            }
        }
        try (SecureSession s = session(ResourceLimits.none())) {
            Map<String, String> l = childLimits(s);
            assertEquals(openFiles + " " + openFiles, l.get("Max open files"), "this JVM's hard limit");
            assertEquals(processes + " " + processes, l.get("Max processes"), "this JVM's hard limit, at most pid_max");
            assertEquals("unlimited unlimited", l.get("Max cpu time"));
            assertEquals("unlimited unlimited", l.get("Max data size"));
        }
    }
}
