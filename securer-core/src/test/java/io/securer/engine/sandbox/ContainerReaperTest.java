package io.securer.engine.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ContainerReaperTest {
    private static final long NS = 4026531836L;

    @Test
    void aContainerWhoseOwnerIsGoneOrWasReplacedByAnotherProcessIsStale() {
        assertTrue(ContainerReaper.ownerGone("securer-4026531836-123-1000-0a0b0c0d", NS, pid -> Optional.empty()));
        assertTrue(ContainerReaper.ownerGone("securer-4026531836-123-1000-0a0b0c0d", NS, pid -> Optional.of(2000L)),
                "the pid was reused by a process started later");
    }

    @Test
    void aLiveOwnerAnotherNamespaceOrAForeignNameIsLeftAlone() {
        assertFalse(ContainerReaper.ownerGone("securer-4026531836-123-1000-0a0b0c0d", NS, pid -> Optional.of(1000L)));
        assertFalse(ContainerReaper.ownerGone("securer-4026532000-123-1000-0a0b0c0d", NS, pid -> Optional.empty()),
                "an owner in another PID namespace cannot be judged from here");
        assertFalse(ContainerReaper.ownerGone("my-own-container", NS, pid -> Optional.empty()));
        assertFalse(ContainerReaper.ownerGone("securer-4026531836-123-1000-nothex!", NS, pid -> Optional.empty()));
    }

    @Test
    void thisJvmsNamesCarryItsOwnerIdWhichIsAlive() {
        String owner = ContainerReaper.owner();
        long ns = ContainerReaper.pidNamespace(Path.of("/proc/self/ns/pid"));
        assertTrue(ns > 0, "pid namespace inode");
        assertTrue(owner.startsWith(ns + "-" + ProcessHandle.current().pid() + "-"), owner);
        String name = ContainerReaper.newName();
        assertTrue(name.matches("securer-" + owner + "-[0-9a-f]{8}"), name);
        assertFalse(ContainerReaper.ownerGone(name, ns, pid -> ProcessHandle.of(pid)
                .flatMap(h -> h.info().startInstant()).map(java.time.Instant::toEpochMilli)));
        assertEquals(0L, ContainerReaper.pidNamespace(Path.of("/nonexistent")));
    }
}
