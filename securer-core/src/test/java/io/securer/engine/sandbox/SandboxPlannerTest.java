package io.securer.engine.sandbox;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

import static io.securer.engine.sandbox.Fixtures.DEBIAN_R;
import static io.securer.engine.sandbox.Fixtures.SESSION;
import static io.securer.engine.sandbox.Fixtures.planner;
import static io.securer.engine.sandbox.Fixtures.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SandboxPlannerTest {

    private static final ProbeResult OK = new ProbeResult(true, "ok");
    private static final ProbeResult NO_USERNS =
            new ProbeResult(false, "bwrap: setting up uid map: Permission denied");
    private static final int CHILD_UID = 1_600_000_123;

    private static final Map<String, String> SANDBOX_ENV = Map.ofEntries(Map.entry("R_ENABLE_JIT", "0"),
            Map.entry("HOME", "/tmp"), Map.entry("TMPDIR", "/tmp"), Map.entry("PATH", "/usr/bin:/bin"),
            Map.entry("LANG", "en_US.UTF-8"), Map.entry("TZ", "UTC"), Map.entry("R_HOME", "/usr/lib/R"),
            Map.entry("R_SHARE_DIR", "/usr/share/R/share"), Map.entry("R_INCLUDE_DIR", "/usr/share/R/include"),
            Map.entry("R_DOC_DIR", "/usr/share/R/doc"),
            Map.entry("LD_LIBRARY_PATH", "/usr/lib/R/lib:/usr/lib/x86_64-linux-gnu"));

    /** bubblewrap's options, as it reads them from the args file on fd 4. */
    private static final List<String> BWRAP_OPTIONS = List.of(
            "--unshare-all", "--unshare-user", "--disable-userns", "--die-with-parent", "--new-session",
            "--cap-drop", "ALL", "--uid", "65534", "--gid", "65534", "--hostname", "sandbox",
            "--ro-bind", "/usr", "/usr",
            "--symlink", "usr/bin", "/bin", "--symlink", "usr/lib", "/lib",
            "--symlink", "usr/lib64", "/lib64", "--symlink", "usr/sbin", "/sbin",
            "--ro-bind-try", "/etc/R", "/etc/R",
            "--ro-bind-try", "/etc/alternatives", "/etc/alternatives",
            "--ro-bind-try", "/etc/ld.so.cache", "/etc/ld.so.cache",
            "--ro-bind-try", "/etc/ld.so.conf", "/etc/ld.so.conf",
            "--ro-bind-try", "/etc/ld.so.conf.d", "/etc/ld.so.conf.d",
            "--ro-bind-try", "/etc/localtime", "/etc/localtime",
            "--ro-bind-try", "/etc/fonts", "/etc/fonts",
            "--ro-bind-try", "/var/cache/fontconfig", "/var/cache/fontconfig",
            "--proc", "/proc", "--dev", "/dev", "--size", "268435456", "--tmpfs", "/tmp",
            "--ro-bind", "/tmp/securer-abc", "/run/securer",
            "--remount-ro", "/dev", "--remount-ro", "/", "--chdir", "/tmp",
            "--clearenv",
            "--setenv", "HOME", "/tmp",
            "--setenv", "LANG", "en_US.UTF-8",
            "--setenv", "LD_LIBRARY_PATH", "/usr/lib/R/lib:/usr/lib/x86_64-linux-gnu",
            "--setenv", "PATH", "/usr/bin:/bin",
            "--setenv", "R_DOC_DIR", "/usr/share/R/doc", "--setenv", "R_ENABLE_JIT", "0",
            "--setenv", "R_HOME", "/usr/lib/R",
            "--setenv", "R_INCLUDE_DIR", "/usr/share/R/include",
            "--setenv", "R_SHARE_DIR", "/usr/share/R/share",
            "--setenv", "TMPDIR", "/tmp",
            "--setenv", "TZ", "UTC");
    /** What the process list shows of bwrap: its options go by file. */
    private static final List<String> BWRAP = List.of("/usr/bin/bwrap", "--args", "4", "--");
    private static final List<String> WRAPPER = List.of("/bin/sh", "-c",
            "unset PWD; trap '' XFSZ; exec 4<\"$1\" && shift 1 && exec \"$@\"", "securer-launch",
            "/tmp/securer-abc/bwrap.args");
    private static final List<String> PLAIN_WRAPPER = List.of("/bin/sh", "-c",
            "unset PWD; trap '' XFSZ; exec \"$@\"", "securer-launch");

    /** The options in the plan's args file. */
    private static List<String> argsFile(LaunchPlan plan) {
        LaunchFile f = plan.files().stream().filter(x -> x.name().equals("bwrap.args")).findFirst().orElseThrow();
        String text = new String(f.content(), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(text.endsWith("\0"));
        return List.of(text.substring(0, text.length() - 1).split("\0", -1));
    }
    private static final List<String> PRLIMIT_DEFAULTS = List.of("/usr/bin/prlimit",
            "--cpu=60:60", "--as=1073741824:1073741824", "--fsize=52428800:52428800",
            "--nproc=50:50", "--nofile=256:256", "--");
    private static final List<String> R_IN_SANDBOX = List.of("/usr/lib/R/bin/exec/R",
            "--vanilla", "--slave", "--no-readline", "-f", "/run/securer/runtime.R");
    private static final List<String> R_ON_HOST = List.of("/usr/lib/R/bin/exec/R",
            "--vanilla", "--slave", "--no-readline", "-f", "/tmp/securer-abc/runtime.R");

    @SafeVarargs
    private static List<String> concat(List<String>... parts) {
        List<String> all = new ArrayList<>();
        for (List<String> p : parts) {
            all.addAll(p);
        }
        return all;
    }

    /** Unsandboxed children die with the JVM even while busy (no bwrap --die-with-parent there). */
    private static final List<String> PDEATHSIG = List.of("/usr/bin/setpriv", "--pdeathsig", "KILL", "--");

    @Test
    void seccompFilterIsOpenedOnFd3BeforeThePrivilegeDropAndHandedToBwrap() {
        SeccompFilter filter = SeccompFilter.forArchitecture("amd64").orElseThrow();
        SandboxPlanner withFilter = new SandboxPlanner(() -> OK, () -> Optional.of(Path.of("/usr/bin/bwrap")),
                () -> 0, () -> CHILD_UID, FakeHostFileSystem.debian(), () -> Optional.of(filter), Fixtures.NO_CGROUPS);
        LaunchPlan plan = withFilter.planFor(request(true, true, TestLimits.DEFAULTS, OperatingSystem.LINUX));

        List<String> wrapper = List.of("/bin/sh", "-c",
                "unset PWD; trap '' XFSZ; exec 3<\"$1\" 4<\"$2\" && shift 2 && exec \"$@\"", "securer-launch",
                "/tmp/securer-abc/seccomp.bpf", "/tmp/securer-abc/bwrap.args");
        List<String> setpriv = List.of("/usr/bin/setpriv", "--reuid=1600000123", "--regid=1600000123",
                "--clear-groups", "--inh-caps=-all", "--");
        List<String> options = new ArrayList<>(BWRAP_OPTIONS);
        options.addAll(options.indexOf("--clearenv"), List.of("--seccomp", "3"));
        assertEquals(concat(wrapper, setpriv, BWRAP, PRLIMIT_DEFAULTS, R_IN_SANDBOX), plan.command());
        assertEquals(options, argsFile(plan));
        assertEquals(new LaunchFile("seccomp.bpf", filter.program()), plan.files().get(0));

        // The probe found bwrap (or the kernel) unable to install it: no wrapper, no file, no option.
        SandboxPlanner refused = new SandboxPlanner(
                () -> new ProbeResult(true, "ok", BubblewrapFeatures.ALL.withoutSeccomp()),
                () -> Optional.of(Path.of("/usr/bin/bwrap")), () -> 1000, () -> CHILD_UID,
                FakeHostFileSystem.debian(), () -> Optional.of(filter), Fixtures.NO_CGROUPS);
        LaunchPlan without = refused.planFor(request(true, true, TestLimits.DEFAULTS, OperatingSystem.LINUX));
        assertEquals(concat(WRAPPER, BWRAP, PRLIMIT_DEFAULTS, R_IN_SANDBOX), without.command());
        assertEquals(List.of("bwrap.args"), without.files().stream().map(LaunchFile::name).toList());
        assertEquals(BWRAP_OPTIONS, argsFile(without));
        // Unsandboxed plans never carry the filter.
        assertEquals(List.of(), withFilter.planFor(request(false, false, TestLimits.DEFAULTS,
                OperatingSystem.LINUX)).files());
    }

    @Test
    void rootHostDropsToSessionUidThenBwrapThenPrlimitThenR() {
        LaunchPlan plan = planner(0, CHILD_UID, OK)
                .planFor(request(true, true, TestLimits.DEFAULTS, OperatingSystem.LINUX));

        List<String> setpriv = List.of("/usr/bin/setpriv", "--reuid=1600000123", "--regid=1600000123",
                "--clear-groups", "--inh-caps=-all", "--");
        assertEquals(concat(WRAPPER, setpriv, BWRAP, PRLIMIT_DEFAULTS, R_IN_SANDBOX), plan.command());
        assertEquals(BWRAP_OPTIONS, argsFile(plan));
        assertEquals(Isolation.BUBBLEWRAP, plan.mode());
        assertEquals(OptionalInt.of(CHILD_UID), plan.childUid());
        assertEquals(Path.of("/run/securer"), plan.sessionDirInChild());
        assertEquals(SANDBOX_ENV, plan.environment());
        assertNull(plan.fallbackReason());
    }

    @Test
    void nonRootHostRunsBwrapDirectlyAndNoPrlimitWithoutLimits() {
        LaunchPlan plan = planner(1000, CHILD_UID, OK)
                .planFor(request(true, true, ProcessLimits.NONE, OperatingSystem.LINUX));

        assertEquals(concat(WRAPPER, BWRAP, R_IN_SANDBOX), plan.command());
        assertEquals(OptionalInt.empty(), plan.childUid());
        assertEquals(Isolation.BUBBLEWRAP, plan.mode());
    }

    @Test
    void environmentIsTheAllowlistOnly() {
        LaunchPlan plan = planner(1000, CHILD_UID, OK)
                .planFor(request(true, true, TestLimits.DEFAULTS, OperatingSystem.LINUX));

        for (String leaked : List.of("OPENAI_API_KEY", "R_LIBS", "R_LIBS_USER", "R_PROFILE_USER",
                "R_ENVIRON_USER", "LD_PRELOAD")) {
            assertFalse(plan.environment().containsKey(leaked), leaked);
        }
        assertFalse(String.join(" ", plan.command()).contains("sk-fake-host-secret"));
        assertFalse(String.join(" ", plan.command()).contains("/home/alice"));
    }

    @Test
    void strictModeThrowsNamingBwrapsError() {
        SandboxRefusedException e = assertThrows(SandboxRefusedException.class,
                () -> planner(0, CHILD_UID, NO_USERNS)
                        .planFor(request(true, true, TestLimits.DEFAULTS, OperatingSystem.LINUX)));
        assertEquals("bubblewrap sandbox unavailable: bwrap: setting up uid map: Permission denied", e.getMessage());
    }

    @Test
    void nonStrictModeFallsBackToUnsandboxedWithLimitsAndSessionHome() {
        LaunchPlan plan = planner(0, CHILD_UID, NO_USERNS)
                .planFor(request(true, false, TestLimits.DEFAULTS, OperatingSystem.LINUX));

        assertEquals(Isolation.NONE, plan.mode());
        assertTrue(plan.fellBack());
        assertEquals("bubblewrap sandbox unavailable: bwrap: setting up uid map: Permission denied",
                plan.fallbackReason());
        assertEquals(concat(PLAIN_WRAPPER, PDEATHSIG, PRLIMIT_DEFAULTS, R_ON_HOST), plan.command());
        assertEquals(SESSION, plan.sessionDirInChild());
        assertEquals(OptionalInt.empty(), plan.childUid());
        assertEquals("/tmp/securer-abc", plan.environment().get("HOME"));
        assertEquals("/tmp/securer-abc", plan.environment().get("TMPDIR"));
        assertFalse(plan.environment().containsKey("OPENAI_API_KEY"));
    }

    @Test
    void withoutSandboxANonRootHostGetsEveryLimitButTheProcessCount() {
        LaunchPlan plan = planner(1000, CHILD_UID, NO_USERNS)
                .planFor(request(true, false, TestLimits.DEFAULTS, OperatingSystem.LINUX));
        assertEquals(Isolation.NONE, plan.mode());
        List<String> prlimit = PRLIMIT_DEFAULTS.stream().filter(a -> !a.startsWith("--nproc=")).toList();
        assertEquals(PRLIMIT_DEFAULTS.size() - 1, prlimit.size());
        assertEquals(concat(PLAIN_WRAPPER, PDEATHSIG, prlimit, R_ON_HOST), plan.command());
    }

    @Test
    void missingBwrapIsReportedWithTheInstallCommand() {
        SandboxPlanner planner = new SandboxPlanner(() -> BubblewrapProbe.run(Optional.empty(), List.of()),
                Optional::empty, () -> 0, () -> CHILD_UID, FakeHostFileSystem.debian(), Optional::empty, Fixtures.NO_CGROUPS);
        SandboxRefusedException e = assertThrows(SandboxRefusedException.class,
                () -> planner.planFor(request(true, true, TestLimits.DEFAULTS, OperatingSystem.LINUX)));
        assertEquals("bubblewrap sandbox unavailable: bwrap not found on PATH; "
                + "install it with: apt-get install bubblewrap", e.getMessage());
    }

    @Test
    void linuxWithoutSandboxNeverProbes() {
        SandboxPlanner planner = new SandboxPlanner(() -> {
            throw new AssertionError("probe must not run");
        }, Optional::empty, () -> 0, () -> CHILD_UID, FakeHostFileSystem.debian(), Optional::empty, Fixtures.NO_CGROUPS);

        LaunchPlan plan = planner.planFor(request(false, true, ProcessLimits.NONE, OperatingSystem.LINUX));
        assertEquals(concat(PLAIN_WRAPPER, PDEATHSIG, R_ON_HOST), plan.command());
        assertEquals(Isolation.NONE, plan.mode());
        assertNull(plan.fallbackReason());
    }

    @Test
    void windowsSandboxIsRefusedEvenWhenNotStrict() {
        for (boolean strict : new boolean[] {true, false}) {
            SandboxRefusedException e = assertThrows(SandboxRefusedException.class,
                    () -> planner(0, CHILD_UID, OK)
                            .planFor(request(true, strict, ProcessLimits.NONE, OperatingSystem.WINDOWS)));
            assertEquals("OS sandbox is not available on Windows; use sandbox(false) with resource limits, "
                    + "or run inside a container", e.getMessage());
        }
    }

    @Test
    void windowsWithoutSandboxRunsPlainR() {
        LaunchPlan plan = planner(0, CHILD_UID, OK)
                .planFor(request(false, true, TestLimits.DEFAULTS, OperatingSystem.WINDOWS));
        assertEquals(R_ON_HOST, plan.command());
        assertEquals(Isolation.NONE, plan.mode());
        assertEquals("/home/alice/bin:/usr/local/bin:/usr/bin:/bin", plan.environment().get("PATH"));
        assertEquals("/tmp/securer-abc", plan.environment().get("TEMP"));
        assertFalse(plan.environment().containsKey("OPENAI_API_KEY"));
    }

    @Test
    void otherOsSandboxThrowsWhenStrictAndFallsBackOtherwise() {
        SandboxRefusedException e = assertThrows(SandboxRefusedException.class,
                () -> planner(0, CHILD_UID, OK)
                        .planFor(request(true, true, ProcessLimits.NONE, OperatingSystem.OTHER)));
        assertTrue(e.getMessage().startsWith(
                "OS sandbox unavailable: no sandbox is implemented for this operating system (os.name="),
                e.getMessage());

        LaunchPlan plan = planner(0, CHILD_UID, OK)
                .planFor(request(true, false, ProcessLimits.NONE, OperatingSystem.OTHER));
        assertEquals(Isolation.NONE, plan.mode());
        assertEquals(e.getMessage(), plan.fallbackReason());
        assertEquals(R_ON_HOST, plan.command());
    }

    @Test
    void macosSandboxWrapsSandboxExecAndUlimitAroundR() {
        FakeHostFileSystem mac = new FakeHostFileSystem().executable("/usr/bin/sandbox-exec")
                .realPath("/var/folders/xy/T/securer-1", "/private/var/folders/xy/T/securer-1");
        SandboxPlanner planner = new SandboxPlanner(() -> {
            throw new AssertionError("no bwrap on macOS");
        }, Optional::empty, () -> 501, () -> CHILD_UID, mac, Optional::empty, Fixtures.NO_CGROUPS);
        RInstallation r = new RInstallation(Path.of("/Library/Frameworks/R.framework/Resources"),
                Path.of("/Library/Frameworks/R.framework/Resources/bin/exec/R"),
                Map.of("R_HOME", "/Library/Frameworks/R.framework/Resources"),
                List.of(Path.of("/Library/Frameworks/R.framework/Versions/4.4/Resources/library")));
        LaunchRequest request = new LaunchRequest(true, true, TestLimits.DEFAULTS,
                Path.of("/var/folders/xy/T/securer-1"), r, Fixtures.HOST_ENV, OperatingSystem.MACOS);

        LaunchPlan plan = planner.planFor(request);

        Path real = Path.of("/private/var/folders/xy/T/securer-1");
        String profile = SeatbeltProfile.builder().rInstallation(r).tempDir(real)
                .socket(real.resolve("ipc.sock")).build().text();
        assertEquals(List.of("/usr/bin/sandbox-exec", "-p", profile,
                "/bin/sh", "-c", "ulimit -t 60; ulimit -v 1048576; ulimit -f 102400; ulimit -u 50; "
                        + "ulimit -n 256; exec \"$@\"", "sh",
                "/Library/Frameworks/R.framework/Resources/bin/exec/R", "--vanilla", "--slave", "--no-readline",
                "-f", "/private/var/folders/xy/T/securer-1/runtime.R"), plan.command());
        assertEquals(Isolation.SEATBELT, plan.mode());
        assertEquals(real, plan.sessionDirInChild());
        assertEquals("/private/var/folders/xy/T/securer-1", plan.environment().get("HOME"));
    }

    @Test
    void macosWithoutSandboxExecFallsBackWhenNotStrict() {
        SandboxPlanner planner = new SandboxPlanner(() -> OK, Optional::empty, () -> 501, () -> CHILD_UID,
                new FakeHostFileSystem(), Optional::empty, Fixtures.NO_CGROUPS);
        LaunchPlan plan = planner.planFor(request(true, false, ProcessLimits.NONE, OperatingSystem.MACOS));
        assertEquals("seatbelt sandbox unavailable: /usr/bin/sandbox-exec not found", plan.fallbackReason());
        assertEquals(R_ON_HOST, plan.command());
    }

    @Test
    void requestToStringNeverShowsHostEnvironmentValues() {
        String text = request(true, true, ProcessLimits.NONE, OperatingSystem.LINUX).toString();
        assertFalse(text.contains("sk-fake-host-secret"), text);
        assertTrue(text.contains("hostEnv=<9 variables>"), text);
    }

    @Test
    void planRecordRejectsFallbackReasonForASandboxedMode() {
        assertThrows(IllegalArgumentException.class, () -> new LaunchPlan(List.of("R"), Map.of(),
                Isolation.BUBBLEWRAP, SESSION, OptionalInt.empty(), "why"));
        assertEquals("bubblewrap", Isolation.BUBBLEWRAP.label());
        assertEquals(R_ON_HOST, DEBIAN_R.commandLine(SESSION));
    }
}
