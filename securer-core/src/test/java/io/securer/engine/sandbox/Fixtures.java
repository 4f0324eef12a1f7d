package io.securer.engine.sandbox;


import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Shared test values: Debian's R layout and a host environment full of things that must not leak. */
final class Fixtures {

    static final Path SESSION = Path.of("/tmp/securer-abc");

    static final RInstallation DEBIAN_R = new RInstallation(Path.of("/usr/lib/R"),
            Path.of("/usr/lib/R/bin/exec/R"),
            Map.of("R_HOME", "/usr/lib/R",
                    "R_SHARE_DIR", "/usr/share/R/share",
                    "R_INCLUDE_DIR", "/usr/share/R/include",
                    "R_DOC_DIR", "/usr/share/R/doc",
                    "LD_LIBRARY_PATH", "/usr/lib/R/lib:/usr/lib/x86_64-linux-gnu",
                    "R_LIBS", "/evil/lib"),
            List.of(Path.of("/usr/local/lib/R/site-library"), Path.of("/usr/lib/R/site-library"),
                    Path.of("/usr/lib/R/library")));

    static final Map<String, String> HOST_ENV = Map.of(
            "OPENAI_API_KEY", "sk-fake-host-secret",
            "R_LIBS", "/home/alice/R/evil",
            "R_LIBS_USER", "/home/alice/R/library",
            "R_PROFILE_USER", "/home/alice/.Rprofile",
            "R_ENVIRON_USER", "/home/alice/.Renviron",
            "HOME", "/home/alice",
            "PATH", "/home/alice/bin:/usr/local/bin:/usr/bin:/bin",
            "LANG", "en_US.UTF-8",
            "LD_PRELOAD", "/home/alice/hook.so");

    private Fixtures() {
    }

    static LaunchRequest request(boolean sandbox, boolean strict, ProcessLimits limits, OperatingSystem os) {
        return new LaunchRequest(sandbox, strict, limits, SESSION, DEBIAN_R, HOST_ENV, os);
    }

    /** A host where memory cgroups cannot be had. */
    static final java.util.function.Supplier<CgroupSupport> NO_CGROUPS =
            () -> CgroupSupport.unavailable("not root", "owner-42-1000");

    static SandboxPlanner planner(int euid, int childUid, ProbeResult probe) {
        return planner(euid, childUid, probe, NO_CGROUPS);
    }

    static SandboxPlanner planner(int euid, int childUid, ProbeResult probe,
                                  java.util.function.Supplier<CgroupSupport> cgroups) {
        return new SandboxPlanner(() -> probe, () -> java.util.Optional.of(Path.of("/usr/bin/bwrap")),
                () -> euid, () -> childUid, FakeHostFileSystem.debian(), java.util.Optional::empty, cgroups);
    }
}
