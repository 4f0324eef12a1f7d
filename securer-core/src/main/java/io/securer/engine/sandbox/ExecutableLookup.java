package io.securer.engine.sandbox;

import java.io.File;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Optional;

/** Finds a program at its usual absolute location or else on a PATH value. Package-private. */
final class ExecutableLookup {

    private ExecutableLookup() {
    }

    /**
     * {@code preferred} when it is executable, else the first executable {@code name} in the
     * absolute entries of {@code pathVariable} (relative entries are ignored: they depend on the
     * working directory, which an attacker may control).
     */
    static Optional<Path> find(Path preferred, String name, String pathVariable, HostFileSystem fs) {
        if (fs.isExecutable(preferred)) {
            return Optional.of(preferred);
        }
        if (pathVariable == null) {
            return Optional.empty();
        }
        for (String dir : pathVariable.split(File.pathSeparator)) {
            try {
                Path dirPath = Path.of(dir);
                if (dirPath.isAbsolute() && fs.isExecutable(dirPath.resolve(name))) {
                    return Optional.of(dirPath.resolve(name));
                }
            } catch (InvalidPathException ignored) {
                // A malformed PATH entry cannot hold the program; keep looking.
            }
        }
        return Optional.empty();
    }
}
