package io.securer.engine.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class HostLimitsTest {
    private static final String LIMITS = String.join("\n",
            "Limit                     Soft Limit           Hard Limit           Units     ",
            "Max processes             96365                96365                processes ",
            "Max open files            1024                 20000                files     ");

    @Test
    void hardLimitsWithProcessesCappedAtPidMax() {
        assertEquals(new HostLimits(OptionalLong.of(20000), OptionalLong.of(32768)),
                HostLimits.parse(LIMITS, OptionalLong.of(32768)));
        assertEquals(new HostLimits(OptionalLong.of(20000), OptionalLong.of(96365)),
                HostLimits.parse(LIMITS, OptionalLong.of(4194304)));
    }

    @Test
    void unlimitedOrUnreadableIsEmpty() {
        assertEquals(new HostLimits(OptionalLong.empty(), OptionalLong.of(32768)), HostLimits.parse(String.join("\n",
                "Max processes             unlimited            unlimited            processes ",
                "Max open files            unlimited            unlimited            files     "), OptionalLong.of(32768)));
        assertEquals(HostLimits.UNKNOWN, HostLimits.parse("", OptionalLong.empty()));
    }
}
