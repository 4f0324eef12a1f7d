package io.securer.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Optional;
import java.util.Set;

/**
 * Whether another, unprivileged uid can walk down to a directory. A root host runs each sandboxed
 * child as a fresh uid, which can reach its session directory only if every ancestor grants
 * "others" search permission; a {@code java.io.tmpdir} under {@code /root} (mode 0700) does not.
 * Checking first turns bwrap's "Can't find source path … Permission denied" into advice.
 *
 * <p>Stateless and thread-safe.
 */
final class AncestorAccess {

    private AncestorAccess() {
    }

    /** The nearest ancestor of {@code dir} that others cannot search, or empty when all can. */
    static Optional<Path> firstUnsearchableAncestor(Path dir) {
        for (Path p = dir.toAbsolutePath().getParent(); p != null; p = p.getParent()) {
            Set<PosixFilePermission> perms;
            try {
                perms = Files.getPosixFilePermissions(p);
            } catch (IOException | UnsupportedOperationException e) {
                return Optional.empty(); // cannot tell; let the launch report what it finds
            }
            if (!perms.contains(PosixFilePermission.OTHERS_EXECUTE)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}
