package io.securer.engine.sandbox;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The package-private pieces the planner is built from. */
class SmallPartsTest {

    @Test
    void effectiveUidIsTheSecondFieldOfTheUidLine() {
        assertEquals(0, EffectiveUid.parse("Name:\tjava\nUid:\t1000\t0\t0\t0\nGid:\t0\t0\t0\t0\n"));
        assertEquals(1000, EffectiveUid.parse("Uid:\t0\t1000\t1000\t1000\n"));
        assertThrows(IllegalArgumentException.class, () -> EffectiveUid.parse("Name:\tjava\n"));
    }

    @Test
    void privilegeDropOnlyForRoot() {
        assertEquals(PrivilegeDrop.NONE, PrivilegeDrop.decide(1000, () -> 42));
        PrivilegeDrop drop = PrivilegeDrop.decide(0, () -> 1_500_000_001);
        assertEquals(OptionalInt.of(1_500_000_001), drop.uid());
        assertEquals(List.of("/usr/bin/setpriv", "--reuid=1500000001", "--regid=1500000001", "--clear-groups",
                "--inh-caps=-all", "--"), drop.prefix());
        assertThrows(IllegalArgumentException.class, () -> PrivilegeDrop.decide(0, () -> 0));
    }

    @Test
    void allocatedUidsAreHighAndNeverRepeat() {
        SessionUidAllocator allocator = new SessionUidAllocator();
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            int uid = allocator.next();
            assertTrue(uid >= 1_500_000_000 && uid < 2_000_000_000, Integer.toString(uid));
            assertTrue(seen.add(uid), "reused " + uid);
        }
    }

    @Test
    void operatingSystemFromOsName() {
        assertEquals(OperatingSystem.LINUX, OperatingSystem.fromOsName("Linux"));
        assertEquals(OperatingSystem.MACOS, OperatingSystem.fromOsName("Mac OS X"));
        assertEquals(OperatingSystem.WINDOWS, OperatingSystem.fromOsName("Windows 11"));
        assertEquals(OperatingSystem.OTHER, OperatingSystem.fromOsName("FreeBSD"));
    }

    @Test
    void executableLookupPrefersTheUsualPathThenAbsolutePathEntries() {
        FakeHostFileSystem fs = new FakeHostFileSystem().executable("/opt/bw/bwrap").executable("bin/bwrap");
        assertEquals(Optional.of(Path.of("/opt/bw/bwrap")),
                ExecutableLookup.find(Path.of("/usr/bin/bwrap"), "bwrap", "bin:/usr/local/bin:/opt/bw", fs));
        assertEquals(Optional.empty(), ExecutableLookup.find(Path.of("/usr/bin/bwrap"), "bwrap", "bin", fs));
        assertEquals(Optional.empty(), ExecutableLookup.find(Path.of("/usr/bin/bwrap"), "bwrap", null, fs));
        assertEquals(Optional.of(Path.of("/usr/bin/bwrap")), ExecutableLookup.find(Path.of("/usr/bin/bwrap"),
                "bwrap", "/opt/bw", FakeHostFileSystem.debian()));
    }

    @Test
    void probeWithoutBwrapNamesTheInstallCommandWithoutStartingAnything() {
        ProbeResult result = BubblewrapProbe.run(Optional.empty(), List.of());
        assertFalse(result.available());
        assertEquals("bwrap not found on PATH; install it with: apt-get install bubblewrap",
                result.reason());
    }

    @Test
    void probeReportsAFailingBwrapWithItsStatus() {
        // /usr/bin/false stands in for a bwrap that fails silently; no R or bwrap is needed.
        ProbeResult result = BubblewrapProbe.run(Optional.of(Path.of("/usr/bin/false")), List.of());
        assertFalse(result.available());
        assertTrue(result.reason().startsWith("bwrap exited with status 1 (command: /usr/bin/false --unshare-all"),
                result.reason());
    }
}
