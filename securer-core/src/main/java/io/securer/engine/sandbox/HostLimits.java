package io.securer.engine.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * This JVM's hard limits on open files and processes, read from {@code /proc/self/limits}. The
 * container backend must pass both to the CLI explicitly: as root, podman's defaults (1048576)
 * exceed the hard limits a process has inside another container, and the OCI runtime then fails
 * with "error setting rlimit type 7: operation not permitted". A limit the JVM itself cannot
 * exceed is always accepted. Empty means unlimited or unknown (then nothing need be passed).
 *
 * <p>Immutable.
 *
 * @param openFiles hard RLIMIT_NOFILE
 * @param processes hard RLIMIT_NPROC
 */
record HostLimits(OptionalLong openFiles, OptionalLong processes) {

    static final HostLimits UNKNOWN = new HostLimits(OptionalLong.empty(), OptionalLong.empty());

    /** The limits of this JVM ({@link #UNKNOWN} where {@code /proc} cannot be read). */
    static HostLimits current() {
        try {
            return parse(Files.readString(Path.of("/proc/self/limits")));
        } catch (IOException e) {
            return UNKNOWN;
        }
    }

    /** Parses the text of a {@code /proc/<pid>/limits} file. */
    static HostLimits parse(String limits) {
        return new HostLimits(hard(limits, "Max open files"), hard(limits, "Max processes"));
    }

    private static OptionalLong hard(String limits, String row) {
        for (String line : limits.split("\n")) {
            if (line.startsWith(row)) {
                String[] cols = line.substring(row.length()).trim().split("\\s+");
                if (cols.length >= 2 && cols[1].matches("\\d{1,18}")) {
                    return OptionalLong.of(Long.parseLong(cols[1]));
                }
            }
        }
        return OptionalLong.empty();
    }
}
