package io.securer.engine.sandbox;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Where R lives on the host and what it needs to start. The sandbox binds these paths read-only
 * at the same locations inside the child, so they must be absolute.
 *
 * <p>Immutable and thread-safe; the map and list are defensive copies.
 *
 * @param rHome        R's home directory, e.g. {@code /usr/lib/R}
 * @param rBinary      the R executable itself (not the shell wrapper), e.g. {@code /usr/lib/R/bin/exec/R}
 * @param rEnv         the variables R's wrapper script would set (R_HOME, R_SHARE_DIR, R_INCLUDE_DIR,
 *                     R_DOC_DIR, LD_LIBRARY_PATH); only those names reach the child
 * @param libraryPaths R package libraries the child may load from
 */
public record RInstallation(Path rHome, Path rBinary, Map<String, String> rEnv, List<Path> libraryPaths) {

    public RInstallation {
        absolute("rHome", rHome);
        absolute("rBinary", rBinary);
        rEnv = Map.copyOf(Objects.requireNonNull(rEnv, "rEnv"));
        libraryPaths = List.copyOf(Objects.requireNonNull(libraryPaths, "libraryPaths"));
        for (Path p : libraryPaths) {
            absolute("libraryPaths element", p);
        }
    }

    private static void absolute(String name, Path p) {
        Objects.requireNonNull(p, name);
        if (!p.isAbsolute()) {
            throw new IllegalArgumentException(name + " must be an absolute path, got " + p);
        }
    }

    /**
     * The R command line that runs {@code runtime.R} from the given directory (as the child sees
     * it): {@code <rBinary> --vanilla --slave --no-readline -f <dir>/runtime.R}.
     */
    public List<String> commandLine(Path sessionDirInChild) {
        return List.of(rBinary.toString(), "--vanilla", "--slave", "--no-readline", "-f",
                sessionDirInChild.resolve("runtime.R").toString());
    }
}
