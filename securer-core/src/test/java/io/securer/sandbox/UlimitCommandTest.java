package io.securer.sandbox;

import io.securer.ResourceLimits;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class UlimitCommandTest {

    @Test
    void defaultsUseOneUlimitPerFlagInShellUnits() {
        assertEquals(List.of("/bin/sh", "-c", "ulimit -t 60; ulimit -v 524288; ulimit -f 102400; ulimit -u 50; "
                        + "ulimit -n 256; exec \"$@\"", "sh"),
                UlimitCommand.forLimits(ResourceLimits.defaults()).arguments());
    }

    @Test
    void byteValuesRoundDownButNeverToZero() {
        ResourceLimits limits = ResourceLimits.builder().fileSizeBytes(100).stackBytes(1_048_577).build();
        assertEquals(List.of("/bin/sh", "-c", "ulimit -f 1; ulimit -s 1024; exec \"$@\"", "sh"),
                UlimitCommand.forLimits(limits).arguments());
    }

    @Test
    void noLimitsMeansNoShell() {
        assertEquals(List.of(), UlimitCommand.forLimits(ResourceLimits.none()).arguments());
    }
}
