package io.securer.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;


import io.securer.engine.sandbox.RInstallation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RDiscoveryTest {
    @TempDir
    Path tmp;
    private Path home;
    private Path binary;

    @BeforeEach
    void fakeR() throws IOException {
        home = tmp.resolve("lib/R");
        binary = home.resolve("bin/exec/R");
        Files.createDirectories(binary.getParent());
        Files.writeString(binary, "#!/bin/sh\n");
        Files.setPosixFilePermissions(binary, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private String probe(String jsonlite, String processx) {
        return "R_HOME=" + home + "\n"
                + "R_SHARE_DIR=/usr/share/R/share\n"
                + "R_INCLUDE_DIR=/usr/share/R/include\n"
                + "R_DOC_DIR=\n"
                + "LD_LIBRARY_PATH=/usr/lib/R/lib:/usr/lib/x86_64-linux-gnu\n"
                + "R_BINARY=" + binary + "\n"
                + "LIB=/usr/local/lib/R/site-library\n"
                + "LIB=/usr/lib/R/library\n"
                + "PKG=jsonlite=" + jsonlite + "\n"
                + "PKG=processx=" + processx + "\n";
    }

    @Test
    void normalProbeOutput() {
        RInstallation r = RDiscovery.parse("R", probe("TRUE", "TRUE"));
        assertEquals(home, r.rHome());
        assertEquals(binary, r.rBinary());
        assertEquals(Map.of("R_HOME", home.toString(), "R_SHARE_DIR", "/usr/share/R/share",
                "R_INCLUDE_DIR", "/usr/share/R/include",
                "LD_LIBRARY_PATH", "/usr/lib/R/lib:/usr/lib/x86_64-linux-gnu"), r.rEnv());
        assertEquals(List.of(Path.of("/usr/local/lib/R/site-library"), Path.of("/usr/lib/R/library")), r.libraryPaths());
    }

    @Test
    void missingPackageNamesItAndSaysWhatToInstall() {
        ChildStartException e = assertThrows(ChildStartException.class,
                () -> RDiscovery.parse("/opt/R/bin/R", probe("TRUE", "FALSE")));
        assertEquals("R package(s) [processx] not installed for /opt/R/bin/R; " + RDiscovery.INSTALL_HINT, e.getMessage());
        assertTrue(e.getMessage().contains("apt-get install"));
        assertTrue(e.getMessage().contains("r-cran-processx"));
    }

    @Test
    void bothPackagesMissing() {
        ChildStartException e = assertThrows(ChildStartException.class,
                () -> RDiscovery.parse("R", probe("FALSE", "FALSE")));
        assertTrue(e.getMessage().startsWith("R package(s) [jsonlite, processx] not installed for R; "), e.getMessage());
        assertTrue(e.getMessage().contains("apt-get install -y --no-install-recommends r-base-core r-cran-jsonlite r-cran-processx"));
    }

    @Test
    void missingRHome() {
        String text = probe("TRUE", "TRUE").replace("R_HOME=" + home + "\n", "");
        ChildStartException e = assertThrows(ChildStartException.class, () -> RDiscovery.parse("R", text));
        assertEquals("could not locate R's binary via R: " + text.strip(), e.getMessage());
    }

    @Test
    void binaryThatIsNotExecutable() throws IOException {
        Files.setPosixFilePermissions(binary, PosixFilePermissions.fromString("rw-r--r--"));
        ChildStartException e = assertThrows(ChildStartException.class,
                () -> RDiscovery.parse("R", probe("TRUE", "TRUE")));
        assertTrue(e.getMessage().startsWith("could not locate R's binary via R: R_HOME="), e.getMessage());
    }

    @Test
    void garbageOutput() {
        ChildStartException e = assertThrows(ChildStartException.class,
                () -> RDiscovery.parse("R", "Error: cannot allocate vector\n"));
        assertEquals("could not locate R's binary via R: Error: cannot allocate vector", e.getMessage());
    }
}
