package io.securer.engine.sandbox;

import static io.securer.engine.sandbox.Fixtures.planner;
import static io.securer.engine.sandbox.Fixtures.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How memory is planned: the cgroup's path, limit and settings, the wrapper that joins it, RLIMIT_AS next to it. */
class MemoryCgroupPlanTest {
    private static final long MIB = 1024L * 1024L;
    private static final long GIB = 1024 * MIB;
    private static final ProbeResult OK = new ProbeResult(true, "ok");
    private static final Path V1_PARENT = Path.of("/sys/fs/cgroup/memory/securer");
    private static final Supplier<CgroupSupport> V1_ROOT =
            () -> CgroupSupport.available(CgroupVersion.V1, V1_PARENT, "owner-42-1000");
    private static final Supplier<CgroupSupport> NEVER = () -> {
        throw new AssertionError("no memory limit: cgroups must not even be probed");
    };

    private static LaunchRequest named(boolean sandbox, ProcessLimits limits, OperatingSystem os) {
        LaunchRequest r = request(sandbox, true, limits, os);
        return new LaunchRequest(r.sandbox(), r.strict(), r.limits(), r.sessionDir(), r.r(), r.hostEnv(), r.os(),
                null, "a1b2c3d4");
    }

    private static List<String> prlimit(LaunchPlan plan) {
        List<String> c = plan.command();
        int at = c.indexOf(PrlimitCommand.PRLIMIT);
        return c.subList(at, at + c.subList(at, c.size()).indexOf("--") + 1);
    }

    @Test
    void sandboxedChildGetsItsOwnCgroupJoinedFirstAndAGenerousAddressSpace() {
        SandboxPlanner planner = planner(0, 1_600_000_123, OK, V1_ROOT);
        LaunchPlan plan = planner.planFor(named(true, TestLimits.DEFAULTS, OperatingSystem.LINUX));

        Path dir = V1_PARENT.resolve("a1b2c3d4-1.owner-42-1000");
        assertEquals(MemoryPlan.cgroup(new CgroupPlan(CgroupVersion.V1, dir, GIB), 4 * GIB), plan.memory());
        assertEquals(MemoryEnforcement.CGROUP, plan.memory().enforcement());
        assertEquals("1 GiB (memory cgroup)", plan.memory().describe());
        // The shell moves itself in before it opens anything or execs setpriv/bwrap: every process is inside.
        assertEquals(List.of("/bin/sh", "-c", "unset PWD; trap '' XFSZ; echo $$ >\"$1\" || { echo \"securer: cannot "
                        + "move into the memory cgroup ($1)\" >&2; exit 125; }; exec 4<\"$2\" && shift 2 && exec \"$@\"",
                "securer-launch", dir + "/cgroup.procs", "/tmp/securer-abc/bwrap.args", "/usr/bin/setpriv"),
                plan.command().subList(0, 7));
        assertEquals(List.of("/usr/bin/prlimit", "--cpu=60:60", "--as=4294967296:4294967296", "--fsize=52428800:52428800",
                "--nproc=50:50", "--nofile=256:256", "--"), prlimit(plan));
        // v1: the memory limit, then memory+swap at the same value so swap cannot stretch it.
        assertEquals(List.of(new CgroupVersion.CgroupSetting("memory.limit_in_bytes", "1073741824", true),
                new CgroupVersion.CgroupSetting("memory.memsw.limit_in_bytes", "1073741824", false)),
                plan.memory().cgroup().settings());
        assertEquals(dir.resolve("cgroup.procs"), plan.memory().cgroup().procs());
        assertEquals(V1_PARENT, plan.memory().cgroup().parent());

        // A restarted child never meets the cgroup of the one before it.
        LaunchPlan next = planner.planFor(named(true, TestLimits.DEFAULTS, OperatingSystem.LINUX));
        assertEquals(V1_PARENT.resolve("a1b2c3d4-2.owner-42-1000"), next.memory().cgroup().dir());
    }

    @Test
    void unsandboxedChildIsCappedByACgroupToo() {
        LaunchPlan plan = planner(0, 1_600_000_123, OK, V1_ROOT)
                .planFor(named(false, TestLimits.DEFAULTS.withMemoryBytes(512 * MIB), OperatingSystem.LINUX));
        Path procs = V1_PARENT.resolve("a1b2c3d4-1.owner-42-1000/cgroup.procs");
        assertEquals(List.of("/bin/sh", "-c", "unset PWD; trap '' XFSZ; echo $$ >\"$1\" || { echo \"securer: cannot "
                        + "move into the memory cgroup ($1)\" >&2; exit 125; }; shift 1 && exec \"$@\"",
                "securer-launch", procs.toString(), "/usr/bin/setpriv", "--pdeathsig", "KILL", "--"),
                plan.command().subList(0, 9));
        assertEquals("--as=2147483648:2147483648", prlimit(plan).get(2), "at least 2 GiB of address space");
        assertEquals(Isolation.NONE, plan.mode());
        assertEquals(MemoryEnforcement.CGROUP, plan.memory().enforcement());
    }

    @Test
    void withoutACgroupTheLimitIsTheAddressSpaceAndTheReasonIsKept() {
        LaunchPlan plan = planner(1000, 1_600_000_123, OK, () -> CgroupSupport.unavailable(
                "the cgroup v1 memory controller at /sys/fs/cgroup/memory is not writable by this user", "owner-42-1000"))
                .planFor(named(true, TestLimits.DEFAULTS, OperatingSystem.LINUX));
        assertEquals(MemoryPlan.rlimit(GIB, "the cgroup v1 memory controller at /sys/fs/cgroup/memory is not "
                + "writable by this user"), plan.memory());
        assertEquals("--as=1073741824:1073741824", prlimit(plan).get(2));
        assertFalse(String.join(" ", plan.command()).contains("cgroup"), plan.command().toString());
        assertEquals("1 GiB (address space per process, RLIMIT_AS)", plan.memory().describe());
    }

    @Test
    void noMemoryLimitMeansNoCgroupAndNoProbe() {
        LaunchPlan plan = planner(0, 1_600_000_123, OK, NEVER)
                .planFor(named(true, TestLimits.DEFAULTS.withMemoryBytes(null), OperatingSystem.LINUX));
        assertEquals(MemoryPlan.NONE, plan.memory());
        assertFalse(prlimit(plan).stream().anyMatch(a -> a.startsWith("--as")));
        assertEquals("none", plan.memory().describe());
    }

    @Test
    void otherSystemsNeverProbeCgroups() {
        assertEquals(MemoryPlan.NONE, planner(0, 1, OK, NEVER)
                .planFor(named(false, TestLimits.DEFAULTS, OperatingSystem.WINDOWS)).memory());
        assertEquals(MemoryPlan.rlimit(GIB, "memory cgroups are Linux-only"), planner(0, 1, OK, NEVER)
                .planFor(named(false, TestLimits.DEFAULTS, OperatingSystem.MACOS)).memory());
    }

    @Test
    void addressSpaceNextToACgroupIsFourTimesTheLimitAndAtLeastTwoGiB() {
        assertEquals(2 * GIB, SandboxPlanner.addressSpaceWithCgroup(64 * MIB));
        assertEquals(2 * GIB, SandboxPlanner.addressSpaceWithCgroup(512 * MIB));
        assertEquals(4 * GIB, SandboxPlanner.addressSpaceWithCgroup(GIB));
        assertEquals(16 * GIB, SandboxPlanner.addressSpaceWithCgroup(4 * GIB));
        assertNull(SandboxPlanner.addressSpaceWithCgroup(Long.MAX_VALUE / 2), "unlimited rather than overflowing");
    }

    @Test
    void v2WritesMemoryMaxAndNoSwap() {
        CgroupPlan plan = new CgroupPlan(CgroupVersion.V2, Path.of("/sys/fs/cgroup/securer/x"), 512 * MIB);
        assertEquals(List.of(new CgroupVersion.CgroupSetting("memory.max", "536870912", true),
                new CgroupVersion.CgroupSetting("memory.swap.max", "0", false)), plan.settings());
        assertEquals("memory.events", CgroupVersion.V2.eventsFile());
        assertEquals("memory.oom_control", CgroupVersion.V1.eventsFile());
        assertThrows(IllegalArgumentException.class, () -> new CgroupPlan(CgroupVersion.V2, Path.of("x"), 1));
        assertThrows(IllegalArgumentException.class, () -> new CgroupPlan(CgroupVersion.V2, Path.of("/a/b"), 0));
    }

    @Test
    void requestNamesAreCheckedAndPlansAreConsistent() {
        LaunchRequest r = request(true, true, TestLimits.DEFAULTS, OperatingSystem.LINUX);
        assertEquals("child", r.name());
        assertThrows(IllegalArgumentException.class, () -> new LaunchRequest(true, true, TestLimits.DEFAULTS,
                r.sessionDir(), r.r(), r.hostEnv(), r.os(), null, "../escape"));
        // A cgroup securer does not own: the container engine's (--memory).
        assertEquals(new MemoryPlan(MemoryEnforcement.CGROUP, GIB, null, null, null), MemoryPlan.containerEngine(GIB));
        assertEquals("1 GiB (the container's memory cgroup)", MemoryPlan.containerEngine(GIB).describe());
        CgroupPlan cgroup = new CgroupPlan(CgroupVersion.V1, V1_PARENT.resolve("x"), GIB);
        assertThrows(IllegalArgumentException.class, () -> new MemoryPlan(MemoryEnforcement.RLIMIT, GIB, GIB, cgroup, "why"));
        assertThrows(IllegalArgumentException.class, () -> new MemoryPlan(MemoryEnforcement.CGROUP, GIB, null,
                new CgroupPlan(CgroupVersion.V1, V1_PARENT.resolve("x"), 2 * GIB), null));
        assertThrows(IllegalArgumentException.class, () -> new MemoryPlan(MemoryEnforcement.RLIMIT, GIB, GIB, null, null));
        assertEquals("1 GiB", MemoryPlan.format(GIB));
        assertEquals("1.5 GiB", MemoryPlan.format(GIB + GIB / 2));
        assertEquals("512 MiB", MemoryPlan.format(512 * MIB));
        assertEquals("1000 bytes", MemoryPlan.format(1000));
    }

    // ---- the wrapper, run for real by /bin/sh (no R) ----------------------------------------

    @Test
    void wrapperWritesItsOwnPidBeforeExecAndRefusesToStartWhenItCannotJoin(@TempDir Path tmp) throws Exception {
        Path procs = tmp.resolve("cgroup.procs");
        Files.createFile(procs);
        List<String> ok = new ArrayList<>(LaunchWrapper.prefix(procs, List.of()));
        ok.addAll(List.of("/bin/sh", "-c", "echo $$"));
        Process p = new ProcessBuilder(ok).redirectErrorStream(true).start();
        String printed = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip();
        assertEquals(0, p.waitFor());
        // exec keeps the pid: what was written is the pid of the command that finally runs.
        assertEquals(printed, Files.readString(procs).strip());
        assertEquals(Long.toString(p.pid()), printed);

        List<String> refused = new ArrayList<>(LaunchWrapper.prefix(tmp.resolve("gone/cgroup.procs"), List.of()));
        refused.addAll(List.of("/bin/echo", "must not run"));
        Process q = new ProcessBuilder(refused).redirectErrorStream(true).start();
        String out = new String(q.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(LaunchWrapper.CGROUP_JOIN_FAILED, q.waitFor());
        assertFalse(out.contains("must not run"), out);
        assertTrue(out.contains("securer: cannot move into the memory cgroup (" + tmp.resolve("gone/cgroup.procs") + ")"),
                out);
    }

    // ---- detection ------------------------------------------------------------------------

    private static final String V1_MOUNTS = String.join("\n",
            "31 23 0:28 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755",
            "32 31 0:29 / /sys/fs/cgroup/cpu rw,relatime - cgroup cgroup rw,cpu",
            "35 31 0:32 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory",
            "41 31 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw", "");
    private static final String V2_MOUNTS =
            "30 23 0:27 / /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime shared:9 - cgroup2 cgroup2 rw,nsdelegate\n";
    private static final String USER_CGROUP =
            "0::/user.slice/user-1000.slice/user@1000.service/app.slice/app-java.scope\n";

    /** A described cgroup file system. */
    private static final class Host implements MemoryCgroupProbe.CgroupFiles {
        final Set<Path> writable = new HashSet<>();
        final Map<Path, String> files = new HashMap<>();

        Host writable(String... paths) {
            for (String p : paths) {
                writable.add(Path.of(p));
            }
            return this;
        }

        Host file(String path, String text) {
            files.put(Path.of(path), text);
            return this;
        }

        @Override
        public boolean isDirectory(Path p) {
            return files.keySet().stream().anyMatch(f -> f.startsWith(p) && !f.equals(p));
        }

        @Override
        public boolean isWritable(Path p) {
            return writable.contains(p);
        }

        @Override
        public Optional<String> read(Path p) {
            return Optional.ofNullable(files.get(p));
        }
    }

    private static CgroupSupport detect(String setting, String mounts, String self, Host host) {
        return MemoryCgroupProbe.detect(setting, mounts, self, host, "owner-42-1000");
    }

    @Test
    void rootOnCgroupV1UsesASecurerParentAtTheTopOfTheMemoryHierarchy() {
        CgroupSupport s = detect(null, V1_MOUNTS, "4:memory:/\n0::/\n", new Host().writable("/sys/fs/cgroup/memory"));
        assertEquals(new CgroupSupport(CgroupVersion.V1, V1_PARENT, "owner-42-1000", "ok"), s);
        assertTrue(s.available());
        assertEquals(s, detect("auto", V1_MOUNTS, "", new Host().writable("/sys/fs/cgroup/memory")));
    }

    @Test
    void cgroupV1WithoutRootOrReadOnlyIsUnavailableWithTheReason() {
        assertEquals("the cgroup v1 memory controller at /sys/fs/cgroup/memory is not writable by this user "
                + "(memory cgroups on cgroup v1 need root)", detect(null, V1_MOUNTS, "", new Host()).reason());
        String ro = V1_MOUNTS.replace("/sys/fs/cgroup/memory rw,relatime", "/sys/fs/cgroup/memory ro,relatime");
        CgroupSupport s = detect(null, ro, "", new Host().writable("/sys/fs/cgroup/memory"));
        assertFalse(s.available());
        assertEquals("the cgroup v1 memory controller at /sys/fs/cgroup/memory is mounted read-only", s.reason());
        assertEquals("no cgroup memory controller is mounted (see /proc/self/mountinfo)",
                detect(null, "", "", new Host()).reason());
    }

    @Test
    void rootOnCgroupV2UsesTheTopWhenItHandsDownTheMemoryController() {
        Host host = new Host().writable("/sys/fs/cgroup", "/sys/fs/cgroup/cgroup.procs")
                .file("/sys/fs/cgroup/cgroup.subtree_control", "cpuset cpu io memory pids\n");
        assertEquals(CgroupSupport.available(CgroupVersion.V2, Path.of("/sys/fs/cgroup/securer"), "owner-42-1000"),
                detect(null, V2_MOUNTS, "0::/system.slice/app.service\n", host));
    }

    @Test
    void aUserOnCgroupV2UsesTheDelegatedParentOfItsOwnCgroup() {
        String slice = "/sys/fs/cgroup/user.slice/user-1000.slice/user@1000.service/app.slice";
        Host host = new Host().file("/sys/fs/cgroup/cgroup.subtree_control", "cpu io memory pids")
                .file(slice + "/cgroup.subtree_control", "cpu memory pids").writable(slice, slice + "/cgroup.procs");
        assertEquals(CgroupSupport.available(CgroupVersion.V2, Path.of(slice, "securer"), "owner-42-1000"),
                detect(null, V2_MOUNTS, USER_CGROUP, host));

        Host noMemory = new Host().file(slice + "/cgroup.subtree_control", "cpu pids").writable(slice, slice + "/cgroup.procs");
        assertEquals("no writable cgroup v2 subtree with the memory controller: /sys/fs/cgroup does not enable the "
                + "memory controller for its children (cgroup.subtree_control); " + slice + " does not enable the "
                + "memory controller for its children (cgroup.subtree_control)",
                detect(null, V2_MOUNTS, USER_CGROUP, noMemory).reason());
        Host notDelegated = new Host().file(slice + "/cgroup.subtree_control", "memory");
        assertTrue(detect(null, V2_MOUNTS, USER_CGROUP, notDelegated).reason()
                .endsWith(slice + " is not writable by this user (not root, and not delegated)"));
    }

    @Test
    void thePropertyTurnsCgroupsOffOrNamesTheParent() {
        Host host = new Host().writable("/sys/fs/cgroup/memory", "/sys/fs/cgroup/memory/app")
                .file("/sys/fs/cgroup/memory/app/memory.limit_in_bytes", "9223372036854771712\n");
        assertEquals("memory cgroups are turned off (-Dsecurer.cgroup=off)", detect("off", V1_MOUNTS, "", host).reason());
        assertEquals(CgroupSupport.available(CgroupVersion.V1, Path.of("/sys/fs/cgroup/memory/app"), "owner-42-1000"),
                detect("/sys/fs/cgroup/memory/app", V1_MOUNTS, "", host));
        assertEquals("the memory cgroup parent must be auto, off or an absolute path (-Dsecurer.cgroup=app)",
                detect("app", V1_MOUNTS, "", host).reason());
        assertEquals("the memory cgroup parent is not a directory (-Dsecurer.cgroup=/nope)",
                detect("/nope", V1_MOUNTS, "", host).reason());
        Host v2 = new Host().writable("/srv/cg", "/srv/cg/cgroup.procs").file("/srv/cg/cgroup.controllers", "memory")
                .file("/srv/cg/cgroup.subtree_control", "memory");
        assertEquals(CgroupSupport.available(CgroupVersion.V2, Path.of("/srv/cg"), "owner-42-1000"),
                detect("/srv/cg", V2_MOUNTS, "", v2));
    }

    @Test
    void mountPointsWithEscapedCharactersAreDecoded() {
        Optional<MemoryCgroupProbe.Mount> m = MemoryCgroupProbe.Mount.parse(
                "35 31 0:32 / /mnt/cg\\040mem rw,relatime shared:1 - cgroup cgroup rw,memory");
        assertEquals(Path.of("/mnt/cg mem"), m.orElseThrow().point());
        assertEquals(List.of("rw", "memory"), m.orElseThrow().superOptions());
        assertTrue(MemoryCgroupProbe.Mount.parse("garbage").isEmpty());
    }

    // ---- counters and owners ---------------------------------------------------------------

    @Test
    void oomKillCountersAreReadFromEitherVersionsFile(@TempDir Path tmp) throws IOException {
        Path v1 = Files.writeString(tmp.resolve("memory.oom_control"), "oom_kill_disable 0\nunder_oom 0\noom_kill 2\n");
        Path v2 = Files.writeString(tmp.resolve("memory.events"), "low 0\nhigh 0\nmax 17\noom 1\noom_kill 1\noom_group_kill 0\n");
        assertEquals(2, MemoryCgroup.counter(v1, "oom_kill").orElseThrow());
        assertEquals(1, MemoryCgroup.counter(v2, "oom_kill").orElseThrow());
        assertTrue(MemoryCgroup.counter(tmp.resolve("absent"), "oom_kill").isEmpty());
    }

    @Test
    void onlyCgroupsOfJvmsThatAreGoneAreStale() {
        assertFalse(MemoryCgroup.ownerGone("a1b2c3d4-1." + MemoryCgroup.ownerTag()), "this JVM's own");
        assertTrue(MemoryCgroup.ownerGone("a1b2c3d4-1.owner-" + Integer.MAX_VALUE + "-1000"), "no such pid");
        long me = ProcessHandle.current().pid();
        assertTrue(MemoryCgroup.ownerGone("a1b2c3d4-1.owner-" + me + "-1000"), "pid reused by another process");
        assertFalse(MemoryCgroup.ownerGone("a1b2c3d4-1.owner-" + me + "-0"), "start unknown: trust the pid");
        assertFalse(MemoryCgroup.ownerGone("docker"), "not ours to judge");
        assertTrue(MemoryCgroup.ownerTag().matches("owner-" + me + "-\\d+"), MemoryCgroup.ownerTag());
    }
}
