package io.securer.engine.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContainerControlTest {
    static final String ID = "a7de6e152e098a6c6a4f4d7b44ec7a2fa33824d352e1bd61c6c02b3231b20031";
    static final String OTHER = "07cf94fc8a1c96010cda28ed41addf4d536e724cff06ac6a6adf244ab8313001";

    @Test
    void aPeerInOurContainersCgroupIsOursWhateverTheEngineAndCgroupVersion() {
        // podman, cgroup v1, cgroupfs (measured on the test machine)
        assertTrue(ContainerControl.inContainerCgroup(List.of("9:name=systemd:/libpod_parent/libpod-" + ID,
                "4:memory:/libpod_parent/libpod-" + ID, "0::/libpod_parent/libpod-" + ID), ID));
        // podman, cgroup v2, systemd
        assertTrue(ContainerControl.inContainerCgroup(List.of("0::/machine.slice/libpod-" + ID + ".scope"), ID));
        // docker, cgroupfs and systemd drivers
        assertTrue(ContainerControl.inContainerCgroup(List.of("0::/docker/" + ID), ID));
        assertTrue(ContainerControl.inContainerCgroup(List.of("0::/system.slice/docker-" + ID + ".scope"), ID));
    }

    @Test
    void anyOtherCgroupIsNot() {
        assertFalse(ContainerControl.inContainerCgroup(List.of("0::/libpod_parent/libpod-" + OTHER), ID));
        assertFalse(ContainerControl.inContainerCgroup(List.of("0::/machine.slice/libpod-conmon-" + ID + ".scope"), ID),
                "the engine's monitor (conmon) is not inside the container");
        assertFalse(ContainerControl.inContainerCgroup(List.of("0::/libpod_parent/conmon", "4:memory:/process_api/x"), ID));
        assertFalse(ContainerControl.inContainerCgroup(List.of("0::/user.slice/x" + ID), ID), "only whole components");
        assertFalse(ContainerControl.inContainerCgroup(List.of("garbage", ""), ID));
        assertFalse(ContainerControl.inContainerCgroup(List.of("0::/"), ""), "no id, no match");
    }

    @Test
    void withoutACidfileNoPeerIsOursAndOurOwnJvmNeverIs(@TempDir Path dir) throws IOException {
        ContainerControl c = new ContainerControl(client(), "securer-x", dir.resolve("container.id"));
        ProcessHandle me = ProcessHandle.current();
        assertFalse(c.isChild(me.pid(), me), "no container id yet");
        Files.writeString(dir.resolve("container.id"), ID + "\n");
        assertFalse(c.isChild(me.pid(), me), "the JVM is not in the container's cgroup");
        assertFalse(c.isChild(0, me), "a peer in a PID namespace we cannot see reports pid 0");
    }

    @Test
    void closingAControlWhoseContainerNeverStartedRunsNoCli(@TempDir Path dir) {
        ContainerControl c = new ContainerControl(client(), "securer-x", dir.resolve("container.id"));
        c.close(); // the CLI path does not exist: any attempt to run it would throw
        c.close();
        assertFalse(c.interrupt(42, ProcessHandle.current()));
        assertEquals("ContainerControl[securer-x]", c.toString());
    }

    private static ContainerClient client() {
        return new ContainerClient(ContainerSpec.Engine.PODMAN, Path.of("/nonexistent/podman"), Map.of());
    }
}
