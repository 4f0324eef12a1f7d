package io.securer.engine.sandbox;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class UlimitCommandTest {

    @Test
    void defaultsUseOneUlimitPerFlagInShellUnits() {
        assertEquals(List.of("/bin/sh", "-c", "ulimit -t 60; ulimit -v 1048576; ulimit -f 102400; ulimit -u 50; "
                        + "ulimit -n 256; exec \"$@\"", "sh"),
                UlimitCommand.forLimits(TestLimits.DEFAULTS).arguments());
    }

    @Test
    void byteValuesRoundDownButNeverToZero() {
        ProcessLimits limits = new ProcessLimits(null, null, 100L, null, null, 1_048_577L);
        assertEquals(List.of("/bin/sh", "-c", "ulimit -f 1; ulimit -s 1024; exec \"$@\"", "sh"),
                UlimitCommand.forLimits(limits).arguments());
    }

    @Test
    void noLimitsMeansNoShell() {
        assertEquals(List.of(), UlimitCommand.forLimits(ProcessLimits.NONE).arguments());
    }
}
