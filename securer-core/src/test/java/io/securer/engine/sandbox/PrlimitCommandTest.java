package io.securer.engine.sandbox;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PrlimitCommandTest {

    @Test
    void defaultsSetSoftAndHardTogether() {
        assertEquals(List.of("/usr/bin/prlimit", "--cpu=60:60", "--as=1073741824:1073741824",
                        "--fsize=52428800:52428800", "--nproc=50:50", "--nofile=256:256", "--"),
                PrlimitCommand.forLimits(TestLimits.DEFAULTS).arguments());
    }

    @Test
    void noLimitsMeansNoPrlimitAtAll() {
        assertEquals(List.of(), PrlimitCommand.forLimits(ProcessLimits.NONE).arguments());
    }

    @Test
    void onlyTheSetLimitsAppear() {
        ProcessLimits limits = new ProcessLimits(null, null, null, 7L, null, 8_388_608L);
        assertEquals(List.of("/usr/bin/prlimit", "--nproc=7:7", "--stack=8388608:8388608", "--"),
                PrlimitCommand.forLimits(limits).arguments());
    }
}
