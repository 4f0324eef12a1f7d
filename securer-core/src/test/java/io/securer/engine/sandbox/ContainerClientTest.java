package io.securer.engine.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI runner against a fake CLI (a shell script) that logs its arguments and answers as podman did. */
class ContainerClientTest {
    @TempDir
    Path dir;

    /** A fake CLI: appends its arguments to calls.log, then runs {@code body}. */
    private ContainerClient fake(ContainerSpec.Engine engine, String body) throws IOException {
        Path cli = dir.resolve("cli");
        Files.writeString(cli, "#!/bin/sh\necho \"$*\" >> " + dir.resolve("calls.log") + "\n" + body + "\n");
        Files.setPosixFilePermissions(cli, PosixFilePermissions.fromString("rwx------"));
        return new ContainerClient(engine, cli, Map.of("PATH", "/usr/bin:/bin"));
    }

    private List<String> calls() throws IOException {
        return Files.readAllLines(dir.resolve("calls.log"));
    }

    @Test
    void podmanRemovesWithoutGracePeriodAndSilencesItsEventsLog() throws IOException {
        fake(ContainerSpec.Engine.PODMAN, "exit 0").remove(List.of("a", "b"));
        assertEquals(List.of("--events-backend=none rm -f -t 0 --ignore a b"), calls());
    }

    @Test
    void aContainerThatRemovedItselfMeanwhileIsNotAFailure() throws IOException {
        // podman's "container not running" while conmon's --rm clean-up runs; ps then no longer lists it.
        fake(ContainerSpec.Engine.PODMAN, "case \"$2\" in rm) echo 'level=error msg=\"container not running\"'; "
                + "exit 2;; ps) exit 0;; esac").remove(List.of("a"));
        assertEquals(List.of("--events-backend=none rm -f -t 0 --ignore a",
                "--events-backend=none ps -a --filter label=io.securer.owner --format {{.Names}}"), calls());
    }

    @Test
    void aContainerThatStaysIsRetriedThenReported() throws IOException {
        ContainerClient c = fake(ContainerSpec.Engine.DOCKER, "case \"$1\" in rm) echo 'Error: stuck'; exit 1;; "
                + "ps) echo a;; esac");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> c.remove(List.of("a", "b")));
        assertEquals("cli rm -f a failed (exit 1): Error: stuck", e.getMessage());
        assertEquals(List.of("rm -f a b", "ps -a --filter label=io.securer.owner --format {{.Names}}",
                "rm -f a", "ps -a --filter label=io.securer.owner --format {{.Names}}",
                "rm -f a", "ps -a --filter label=io.securer.owner --format {{.Names}}"), calls());
    }

    @Test
    void killSendsTheSignalByName() throws IOException {
        assertTrue(fake(ContainerSpec.Engine.DOCKER, "exit 0").kill("securer-x", "INT"));
        assertEquals(List.of("kill --signal INT securer-x"), calls());
    }

    @Test
    void namesAreOnePerLine() throws IOException {
        assertEquals(List.of("x", "y"), fake(ContainerSpec.Engine.PODMAN, "printf 'x\\n\\ny\\n'")
                .namesWithLabel("io.securer.owner"));
    }

    @Test
    void aMissingCliIsAFailedResultNotAnException() {
        ContainerClient c = new ContainerClient(ContainerSpec.Engine.PODMAN, dir.resolve("nope"), Map.of());
        assertEquals(-1, c.run(List.of("ps")).exit());
        assertThrows(IllegalStateException.class, () -> c.namesWithLabel("x"));
    }
}
