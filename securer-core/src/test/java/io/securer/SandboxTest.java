package io.securer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.securer.engine.sandbox.ContainerSpec;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SandboxTest {

    @Test
    void sandboxTrueIsTheOsSandboxAndFalseIsNone() {
        assertEquals(Optional.of(Sandbox.os()), SecureSession.builder().sandbox(true).config().sandboxBackend());
        assertEquals(Optional.empty(), SecureSession.builder().sandbox(true).sandbox(false).config().sandboxBackend());
        assertFalse(SecureSession.builder().config().sandbox());
        assertEquals("SessionConfig[sandbox=true, limits=" + ResourceLimits.defaults() + ", tools=[]]",
                SecureSession.builder().sandbox(Sandbox.os()).config().toString());
    }

    @Test
    void aContainerIsASandboxWithTheDefaultLimitsAndTheLastChoiceWins() {
        Sandbox.Container c = Sandbox.container("registry.example/securer-r:4.2");
        SessionConfig config = SecureSession.builder().sandbox(true).sandbox(c).config();
        assertTrue(config.sandbox());
        assertEquals(Optional.of(c), config.sandboxBackend());
        assertEquals(ResourceLimits.defaults(), config.limits());
        assertEquals("SessionConfig[sandbox=Sandbox.container(podman, registry.example/securer-r:4.2), limits="
                + ResourceLimits.defaults() + ", tools=[]]", config.toString());
        assertEquals(Optional.of(c), SecureSessionPool.builder().sandbox(c).config().sandboxBackend(), "pools take it too");
        assertThrows(NullPointerException.class, () -> SecureSession.builder().sandbox((Sandbox) null));
    }

    @Test
    void anAbsolutePathIsARootDirectoryAnythingElseAnImage() {
        ContainerImage root = ContainerImage.parse("/srv/rootfs");
        assertTrue(root.isRootfs());
        assertEquals(Optional.of(Path.of("/srv/rootfs")), root.rootfsDirectory());
        assertEquals("rootfs:/srv/rootfs", root.toString());
        ContainerImage image = ContainerImage.parse("docker.io/library/r-base@sha256:abc");
        assertEquals(Optional.of("docker.io/library/r-base@sha256:abc"), image.reference());
        assertEquals(ContainerImage.of("x"), ContainerImage.parse("x"));
        assertThrows(IllegalArgumentException.class, () -> ContainerImage.of("--privileged"));
        assertThrows(IllegalArgumentException.class, () -> ContainerImage.of("a b"));
        assertThrows(IllegalArgumentException.class, () -> ContainerImage.rootfs(Path.of("relative")));
    }

    @Test
    void optionsAreCopiedAndCheckedWhenSet() {
        Sandbox.Container base = Sandbox.container("img");
        Sandbox.Container tuned = base.cli(ContainerCli.DOCKER).executable(Path.of("/opt/docker")).ociRuntime("runsc")
                .readOnlyBind(Path.of("/data")).readOnlyBind(Path.of("/srv/x"), Path.of("/x")).tmpSizeBytes(1 << 20)
                .label("app", "demo");
        assertEquals(ContainerCli.PODMAN, base.cli(), "the original is unchanged");
        assertNotEquals(base, tuned);
        assertEquals(Map.of(Path.of("/data"), Path.of("/data"), Path.of("/x"), Path.of("/srv/x")), tuned.readOnlyBinds());
        assertEquals(List.of(Path.of("/data"), Path.of("/x")), List.copyOf(tuned.readOnlyBinds().keySet()), "in order");
        assertEquals("Sandbox.container(docker, img)", tuned.toString());
        assertEquals(tuned, Sandbox.container("img").cli(ContainerCli.DOCKER).executable(Path.of("/opt/docker"))
                .ociRuntime("runsc").readOnlyBind(Path.of("/data")).readOnlyBind(Path.of("/srv/x"), Path.of("/x"))
                .tmpSizeBytes(1 << 20).label("app", "demo"));

        assertEquals("a root directory instead of an image needs podman (--rootfs); docker runs images only",
                assertThrows(IllegalArgumentException.class, () -> Sandbox.container("/srv/rootfs").cli(ContainerCli.DOCKER))
                        .getMessage());
        assertEquals("invalid label key (io.securer.* is reserved): io.securer.owner",
                assertThrows(IllegalArgumentException.class, () -> base.label("io.securer.owner", "x")).getMessage());
        assertThrows(IllegalArgumentException.class, () -> base.label("app", "a b"));
        assertThrows(IllegalArgumentException.class, () -> base.readOnlyBind(Path.of("/a,b")));
        assertThrows(IllegalArgumentException.class, () -> base.readOnlyBind(Path.of("relative")));
        assertThrows(IllegalArgumentException.class, () -> base.readOnlyBind(Path.of("/data")).readOnlyBind(Path.of("/data")));
        assertThrows(IllegalArgumentException.class, () -> base.tmpSizeBytes(0));
        assertThrows(IllegalArgumentException.class, () -> base.ociRuntime("--privileged"));
        assertThrows(IllegalArgumentException.class, () -> base.executable(Path.of("podman")));
    }

    /** The configurations docs/deployment.md shows (it quotes these blocks verbatim). */
    @Test
    void theDocumentedContainerConfigurationsAreWhatTheySay() {
        SecureSession.Builder builder = SecureSession.builder()
                .sandbox(Sandbox.container("registry.example.com/securer-r:4.2"))
                .limits(ResourceLimits.builder().memoryBytes(1024L << 20).maxProcesses(64).build());
        Sandbox.Container docker = Sandbox.container(ContainerImage.of("registry.example.com/securer-r:4.2"))
                .cli(ContainerCli.DOCKER)
                .ociRuntime("runsc")                       // gVisor, if the daemon has it
                .readOnlyBind(Path.of("/srv/data"), Path.of("/data"))
                .label("app", "reports");
        assertEquals(Optional.of(Sandbox.container("registry.example.com/securer-r:4.2")),
                builder.config().sandboxBackend());
        assertEquals(1024L << 20, builder.config().limits().memoryBytes());
        assertEquals(ContainerCli.DOCKER, docker.cli());
        assertEquals("runsc", docker.ociRuntime());
    }

    @Test
    void theEngineGetsEveryOptionAndTheRLauncher() {
        Sandbox.Container c = Sandbox.container("/srv/rootfs").ociRuntime("runc").readOnlyBind(Path.of("/usr"))
                .tmpSizeBytes(64L << 20).label("app", "demo");
        assertEquals(new ContainerSpec(ContainerSpec.Engine.PODMAN, null, null, Path.of("/srv/rootfs"), "runc",
                List.of(new ContainerSpec.Bind(Path.of("/usr"), Path.of("/usr"))), 64L << 20, Map.of("app", "demo"),
                "/opt/R/bin/R"), c.toSpec("/opt/R/bin/R"));
        assertEquals(c.toSpec("R"), SecureSession.builder().sandbox(c).config().containerSpec());
        assertEquals(null, SecureSession.builder().sandbox(true).config().containerSpec());
    }
}
