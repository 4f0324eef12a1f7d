package io.securer.sandbox;

import io.securer.ResourceLimits;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PrlimitCommandTest {

    @Test
    void defaultsSetSoftAndHardTogether() {
        assertEquals(List.of("/usr/bin/prlimit", "--cpu=60:60", "--as=536870912:536870912",
                        "--fsize=52428800:52428800", "--nproc=50:50", "--nofile=256:256", "--"),
                PrlimitCommand.forLimits(ResourceLimits.defaults()).arguments());
    }

    @Test
    void noLimitsMeansNoPrlimitAtAll() {
        assertEquals(List.of(), PrlimitCommand.forLimits(ResourceLimits.none()).arguments());
    }

    @Test
    void onlyTheSetLimitsAppear() {
        ResourceLimits limits = ResourceLimits.builder().stackBytes(8_388_608).maxProcesses(7).build();
        assertEquals(List.of("/usr/bin/prlimit", "--nproc=7:7", "--stack=8388608:8388608", "--"),
                PrlimitCommand.forLimits(limits).arguments());
    }
}
