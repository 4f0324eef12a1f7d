package io.securer.engine.sandbox;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** A described host for tests: which paths exist, which are symlinks, which are executable. */
final class FakeHostFileSystem implements HostFileSystem {

    private final Set<Path> existing = new HashSet<>();
    private final Map<Path, String> symlinks = new HashMap<>();
    private final Set<Path> executables = new HashSet<>();
    private final Map<Path, Path> realPaths = new HashMap<>();

    /** A merged-/usr Debian 12 host with bwrap, setpriv and prlimit installed. */
    static FakeHostFileSystem debian() {
        return new FakeHostFileSystem()
                .symlink("/bin", "usr/bin").symlink("/lib", "usr/lib")
                .symlink("/lib64", "usr/lib64").symlink("/sbin", "usr/sbin")
                .executable("/usr/bin/bwrap").executable("/usr/bin/setpriv").executable("/usr/bin/prlimit");
    }

    FakeHostFileSystem file(String path) {
        existing.add(Path.of(path));
        return this;
    }

    FakeHostFileSystem symlink(String path, String target) {
        existing.add(Path.of(path));
        symlinks.put(Path.of(path), target);
        return this;
    }

    FakeHostFileSystem executable(String path) {
        existing.add(Path.of(path));
        executables.add(Path.of(path));
        return this;
    }

    FakeHostFileSystem realPath(String path, String real) {
        realPaths.put(Path.of(path), Path.of(real));
        return this;
    }

    @Override
    public boolean exists(Path path) {
        return existing.contains(path);
    }

    @Override
    public Optional<String> symlinkTarget(Path path) {
        return Optional.ofNullable(symlinks.get(path));
    }

    @Override
    public boolean isExecutable(Path path) {
        return executables.contains(path);
    }

    @Override
    public Path realPath(Path path) {
        return realPaths.getOrDefault(path, path);
    }
}
