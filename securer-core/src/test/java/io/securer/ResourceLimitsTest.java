package io.securer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ResourceLimitsTest {
    private static final long MIB = 1024L * 1024L;

    @Test
    void defaults() {
        ResourceLimits d = ResourceLimits.defaults();
        assertEquals(60L, d.cpuSeconds());
        assertEquals(1024 * MIB, d.memoryBytes());
        assertEquals(1_073_741_824L, d.memoryBytes());
        assertEquals(ResourceLimits.DEFAULT_MEMORY_BYTES, d.memoryBytes());
        assertEquals(50 * MIB, d.fileSizeBytes());
        assertEquals(50L, d.maxProcesses());
        assertEquals(256L, d.maxOpenFiles());
        assertNull(d.stackBytes());
        assertFalse(d.isEmpty());
    }

    @Test
    void none() {
        ResourceLimits n = ResourceLimits.none();
        assertTrue(n.isEmpty());
        assertEquals(ResourceLimits.builder().build(), n);
        assertTrue(ResourceLimits.builder().build().isEmpty());
    }

    @Test
    void builderSetsEveryComponent() {
        ResourceLimits l = ResourceLimits.builder().cpuSeconds(5).memoryBytes(64 * MIB).fileSizeBytes(1)
                .maxProcesses(2).maxOpenFiles(200).stackBytes(8 * MIB).build();
        assertEquals(ResourceLimits.builder().cpuSeconds(5).memoryBytes(64 * MIB).fileSizeBytes(1).maxProcesses(2)
                .maxOpenFiles(200).stackBytes(8 * MIB).build(), l);
        assertFalse(l.isEmpty());
    }

    @Test
    void builderLeavesUnsetLimitsUnlimited() {
        ResourceLimits l = ResourceLimits.builder().cpuSeconds(10).build();
        assertEquals(ResourceLimits.builder().cpuSeconds(10).build(), l);
    }

    @Test
    void zeroAndNegativeAreRejected() {
        assertEquals("cpuSeconds must be positive, got 0",
                assertThrows(IllegalArgumentException.class, () -> ResourceLimits.builder().cpuSeconds(0).build()).getMessage());
        assertEquals("memoryBytes must be positive, got -1",
                assertThrows(IllegalArgumentException.class, () -> ResourceLimits.builder().memoryBytes(-1).build()).getMessage());
        assertEquals("fileSizeBytes must be positive, got 0",
                assertThrows(IllegalArgumentException.class, () -> ResourceLimits.builder().fileSizeBytes(0).build()).getMessage());
        assertEquals("maxProcesses must be positive, got -5",
                assertThrows(IllegalArgumentException.class, () -> ResourceLimits.builder().maxProcesses(-5).build()).getMessage());
        assertEquals("maxOpenFiles must be positive, got 0",
                assertThrows(IllegalArgumentException.class, () -> ResourceLimits.builder().maxOpenFiles(0).build()).getMessage());
        assertEquals("stackBytes must be positive, got 0",
                assertThrows(IllegalArgumentException.class, () -> ResourceLimits.builder().stackBytes(0).build()).getMessage());
        assertEquals("cpuSeconds must be positive, got -1",
                assertThrows(IllegalArgumentException.class, () -> ResourceLimits.builder().cpuSeconds(-1).build()).getMessage());
    }

    @Test
    void memoryBelow64MiBIsRejected() {
        assertEquals("memoryBytes must be at least 64 MiB (R cannot start below that), got 67108863",
                assertThrows(IllegalArgumentException.class,
                        () -> ResourceLimits.builder().memoryBytes(64 * MIB - 1).build()).getMessage());
        assertEquals(64 * MIB, ResourceLimits.builder().memoryBytes(64 * MIB).build().memoryBytes());
    }

    @Test
    void openFilesBelow16AreRejected() {
        assertEquals("maxOpenFiles must be at least 200 (R refuses to start with fewer), got 199",
                assertThrows(IllegalArgumentException.class, () -> ResourceLimits.builder().maxOpenFiles(199).build()).getMessage());
    }

    @Test
    void smallestOtherValuesAreAccepted() {
        ResourceLimits l = ResourceLimits.builder().cpuSeconds(1).fileSizeBytes(1).maxProcesses(1).stackBytes(1).build();
        assertEquals(ResourceLimits.builder().cpuSeconds(1).fileSizeBytes(1).maxProcesses(1).stackBytes(1).build(), l);
    }
}
