package io.securer.engine.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The few questions the sandbox builders ask about the host's files. An interface so that tests
 * can describe a host (merged /usr or not, paths present or not) without touching the disk.
 */
interface HostFileSystem {

    /** True when the path exists (following symlinks). */
    boolean exists(Path path);

    /** The target of a symbolic link exactly as stored, or empty when the path is not a symlink. */
    Optional<String> symlinkTarget(Path path);

    /** True when the path is an executable regular file. */
    boolean isExecutable(Path path);

    /** The path with symlinks resolved, or the path itself when that fails. */
    Path realPath(Path path);

    /** The real file system. */
    static HostFileSystem real() {
        return Real.INSTANCE;
    }

    enum Real implements HostFileSystem {
        INSTANCE;

        @Override
        public boolean exists(Path path) {
            return Files.exists(path);
        }

        @Override
        public Optional<String> symlinkTarget(Path path) {
            if (!Files.isSymbolicLink(path)) {
                return Optional.empty();
            }
            try {
                return Optional.of(Files.readSymbolicLink(path).toString());
            } catch (IOException e) {
                return Optional.empty();
            }
        }

        @Override
        public boolean isExecutable(Path path) {
            return Files.isRegularFile(path) && Files.isExecutable(path);
        }

        @Override
        public Path realPath(Path path) {
            try {
                return path.toRealPath();
            } catch (IOException e) {
                return path;
            }
        }
    }
}
