package io.securer.engine.sandbox;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SandboxEnvironmentTest {

    private static final Path TMP = Path.of("/tmp");

    @Test
    void keepsOnlyTheAllowlist() {
        SandboxEnvironment env = SandboxEnvironment.of(Fixtures.HOST_ENV, Fixtures.DEBIAN_R, TMP, TMP);
        assertEquals(List.of("HOME", "LANG", "LD_LIBRARY_PATH", "PATH", "R_DOC_DIR", "R_ENABLE_JIT", "R_HOME", "R_INCLUDE_DIR",
                "R_SHARE_DIR", "TMPDIR", "TZ"), List.copyOf(env.variables().keySet()));
        assertEquals("/usr/bin:/bin", env.variables().get("PATH"));
        assertEquals("/tmp", env.variables().get("HOME"));
    }

    @Test
    void rLibsFromTheRInstallationIsDroppedToo() {
        SandboxEnvironment env = SandboxEnvironment.of(Map.of(), Fixtures.DEBIAN_R, TMP, TMP);
        assertEquals(null, env.variables().get("R_LIBS"));
    }

    @Test
    void langAndTzFallBackWhenMissingOrMalformed() {
        SandboxEnvironment missing = SandboxEnvironment.of(Map.of(), Fixtures.DEBIAN_R, TMP, TMP);
        assertEquals("C.UTF-8", missing.variables().get("LANG"));
        assertEquals("UTC", missing.variables().get("TZ"));

        SandboxEnvironment bad = SandboxEnvironment.of(Map.of("LANG", "$(rm -rf /)", "TZ", "Europe/Paris; x"),
                Fixtures.DEBIAN_R, TMP, TMP);
        assertEquals("C.UTF-8", bad.variables().get("LANG"));
        assertEquals("UTC", bad.variables().get("TZ"));

        SandboxEnvironment good = SandboxEnvironment.of(Map.of("LANG", "de_DE.UTF-8@euro", "TZ", "Europe/Paris"),
                Fixtures.DEBIAN_R, TMP, TMP);
        assertEquals("de_DE.UTF-8@euro", good.variables().get("LANG"));
        assertEquals("Europe/Paris", good.variables().get("TZ"));
    }

    @Test
    void rejectsNamesAndValuesThatCannotBeEnvironmentVariables() {
        assertThrows(IllegalArgumentException.class, () -> new SandboxEnvironment(Map.of("A=B", "x")));
        assertThrows(IllegalArgumentException.class, () -> new SandboxEnvironment(Map.of("A", "x\0y")));
    }
}
