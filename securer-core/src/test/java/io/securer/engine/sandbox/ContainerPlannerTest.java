package io.securer.engine.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class ContainerPlannerTest {
    private final List<ContainerClient> swept = new ArrayList<>();

    private ContainerPlanner planner(int euid, FakeHostFileSystem fs) {
        return new ContainerPlanner(() -> euid, () -> 1000, () -> 1_500_000_007, fs,
                () -> new HostLimits(OptionalLong.of(20000), OptionalLong.of(32768)), swept::add,
                () -> "securer-1-2-3-0a0b0c0d", () -> SeccompFilter.forArchitecture("x86_64"));
    }

    private static FakeHostFileSystem host() {
        return FakeHostFileSystem.debian().executable("/usr/bin/podman").file("/srv/rootfs").file("/usr");
    }

    private static ContainerSpec spec(ContainerSpec.Engine engine, Path executable) {
        return engine == ContainerSpec.Engine.PODMAN
                ? new ContainerSpec(engine, executable, null, Path.of("/srv/rootfs"), "runc",
                        List.of(new ContainerSpec.Bind(Path.of("/usr"), Path.of("/usr"))), 64L << 20, Map.of(), "R")
                : new ContainerSpec(engine, executable, "securer-r", null, null, List.of(), 64L << 20, Map.of(), "R");
    }

    private static LaunchRequest request(ContainerSpec spec, Path sessionDir, OperatingSystem os) {
        return new LaunchRequest(true, false, TestLimits.DEFAULTS, sessionDir, null, Fixtures.HOST_ENV, os, spec);
    }

    @Test
    void rootGetsAFreshUidTheSeccompProfileAndAContainerControl() {
        LaunchPlan plan = planner(0, host()).plan(request(spec(ContainerSpec.Engine.PODMAN, null), Fixtures.SESSION,
                OperatingSystem.LINUX));
        assertEquals(Isolation.CONTAINER, plan.mode());
        assertEquals(Path.of("/run/securer"), plan.sessionDirInChild());
        assertEquals(OptionalInt.of(1_500_000_007), plan.childUid());
        assertEquals("/usr/bin/podman", plan.command().get(0));
        int user = plan.command().indexOf("--user");
        assertEquals("1500000007:1500000007", plan.command().get(user + 1));
        assertEquals(List.of(OciSeccompProfile.FILE_NAME), plan.files().stream().map(LaunchFile::name).toList());
        assertEquals(OciSeccompProfile.json(SeccompFilter.forArchitecture("x86_64").orElseThrow()),
                new String(plan.files().get(0).content(), StandardCharsets.UTF_8));
        assertInstanceOf(ContainerControl.class, plan.control());
        assertEquals("securer-1-2-3-0a0b0c0d", ((ContainerControl) plan.control()).name());
        // The engine's cgroup (--memory) caps the container; securer makes none of its own.
        assertEquals(MemoryPlan.containerEngine(1L << 30), plan.memory());
        assertEquals(1, swept.size(), "dead JVMs' containers are swept before the first start");
        assertFalse(plan.fellBack());
    }

    @Test
    void theCliSeesOnlyHowToReachTheEngine() {
        LaunchPlan plan = planner(0, host()).plan(request(spec(ContainerSpec.Engine.PODMAN, null), Fixtures.SESSION,
                OperatingSystem.LINUX));
        assertEquals(Map.of("HOME", "/home/alice", "LANG", "en_US.UTF-8",
                "PATH", "/home/alice/bin:/usr/local/bin:/usr/bin:/bin"), plan.environment());
    }

    @Test
    void aNonRootJvmRunsTheContainerAsItselfWithoutChown() {
        LaunchPlan podman = planner(1000, host()).plan(request(spec(ContainerSpec.Engine.PODMAN, null), Fixtures.SESSION,
                OperatingSystem.LINUX));
        assertEquals(OptionalInt.empty(), podman.childUid());
        int keepId = podman.command().indexOf("--userns=keep-id");
        assertEquals(List.of("--userns=keep-id", "--user", "1000:1000"), podman.command().subList(keepId, keepId + 3));
        LaunchPlan docker = planner(1000, host().executable("/usr/bin/docker")).plan(request(
                spec(ContainerSpec.Engine.DOCKER, null), Fixtures.SESSION, OperatingSystem.LINUX));
        assertFalse(docker.command().contains("--userns=keep-id"));
        assertEquals("1000:1000", docker.command().get(docker.command().indexOf("--user") + 1));
    }

    @Test
    void whatCannotBeStartedIsRefusedNeverFallenBackFrom() {
        ContainerSpec podman = spec(ContainerSpec.Engine.PODMAN, null);
        assertEquals(ContainerPlanner.NOT_LINUX, assertThrows(SandboxRefusedException.class,
                () -> planner(0, host()).plan(request(podman, Fixtures.SESSION, OperatingSystem.MACOS))).getMessage());
        assertEquals("container sandbox unavailable: /opt/podman not found or not executable; install it, e.g. apt-get "
                + "install --no-install-recommends podman runc catatonit", assertThrows(SandboxRefusedException.class,
                () -> planner(0, host()).plan(request(spec(ContainerSpec.Engine.PODMAN, Path.of("/opt/podman")),
                        Fixtures.SESSION, OperatingSystem.LINUX))).getMessage());
        assertEquals("container sandbox unavailable: docker (on PATH) not found or not executable; install it, e.g. "
                + "apt-get install --no-install-recommends docker.io", assertThrows(SandboxRefusedException.class,
                () -> planner(0, host()).plan(request(spec(ContainerSpec.Engine.DOCKER, null), Fixtures.SESSION,
                        OperatingSystem.LINUX))).getMessage());
        assertEquals("container root directory /srv/rootfs does not exist", assertThrows(SandboxRefusedException.class,
                () -> planner(0, FakeHostFileSystem.debian().executable("/usr/bin/podman").file("/usr"))
                        .plan(request(podman, Fixtures.SESSION, OperatingSystem.LINUX))).getMessage());
        assertEquals("host path /usr to bind into the container does not exist", assertThrows(SandboxRefusedException.class,
                () -> planner(0, FakeHostFileSystem.debian().executable("/usr/bin/podman").file("/srv/rootfs"))
                        .plan(request(podman, Fixtures.SESSION, OperatingSystem.LINUX))).getMessage());
        assertTrue(assertThrows(SandboxRefusedException.class, () -> planner(0, host()).plan(request(podman,
                Path.of("/tmp/a,b/securer-1"), OperatingSystem.LINUX))).getMessage().startsWith(
                "session directory must be an absolute path without ','"));
        assertEquals(List.of(), swept, "nothing was swept for a launch that was refused");
    }

    @Test
    void expectedIsContainerOnlyOnLinuxWithTheCli() {
        ContainerSpec podman = spec(ContainerSpec.Engine.PODMAN, null);
        assertEquals(Isolation.CONTAINER, planner(0, host()).expected(podman, OperatingSystem.LINUX, Map.of()));
        assertEquals(Isolation.NONE, planner(0, host()).expected(podman, OperatingSystem.MACOS, Map.of()));
        assertEquals(Isolation.NONE, planner(0, FakeHostFileSystem.debian()).expected(podman, OperatingSystem.LINUX,
                Map.of("PATH", "/usr/bin")));
    }

    @Test
    void aContainerRequestNeedsNoHostRButASandbox() {
        ContainerSpec podman = spec(ContainerSpec.Engine.PODMAN, null);
        assertThrows(IllegalArgumentException.class, () -> new LaunchRequest(false, false, ProcessLimits.NONE,
                Fixtures.SESSION, null, Map.of(), OperatingSystem.LINUX, podman));
        assertThrows(NullPointerException.class, () -> new LaunchRequest(true, false, ProcessLimits.NONE,
                Fixtures.SESSION, null, Map.of(), OperatingSystem.LINUX, null));
        assertEquals(Optional.empty(), Optional.ofNullable(request(podman, Fixtures.SESSION, OperatingSystem.LINUX).r()));
    }
}
