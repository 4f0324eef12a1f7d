package io.securer.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AncestorAccessTest {

    @TempDir
    Path tmp;

    @Test
    void findsTheNearestAncestorOthersCannotSearch() throws Exception {
        Path open = Files.createDirectory(tmp.resolve("open"));
        Path closed = Files.createDirectory(open.resolve("closed"));
        Path session = Files.createDirectory(closed.resolve("securer-1"));
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxr-x--x"));
        Files.setPosixFilePermissions(closed, PosixFilePermissions.fromString("rwx------"));
        // The session directory's own mode does not matter: it is chowned to the child.
        Files.setPosixFilePermissions(session, PosixFilePermissions.fromString("rwx------"));
        assertEquals(Optional.of(closed), AncestorAccess.firstUnsearchableAncestor(session));
        Files.setPosixFilePermissions(closed, PosixFilePermissions.fromString("rwx-----x"));
        assertEquals(Optional.empty(), AncestorAccess.firstUnsearchableAncestor(session)
                .filter(p -> p.startsWith(tmp)));
    }
}
