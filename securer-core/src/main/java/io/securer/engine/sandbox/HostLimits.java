package io.securer.engine.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * The highest open-file and process limits a container may be given when the session sets none:
 * this JVM's hard limits from {@code /proc/self/limits}, and for processes at most the kernel's
 * {@code pid_max} (podman lowers its own RLIMIT_NPROC to that; measured: 32768 against the JVM's
 * 96365). The container backend must pass both explicitly: as root, podman's defaults (1048576)
 * exceed the hard limits a process has inside another container, and the OCI runtime then fails
 * with "error setting rlimit type 7: operation not permitted" (type 6 for processes). Empty means
 * unlimited or unknown (then nothing need be passed).
 *
 * <p>Immutable.
 *
 * @param openFiles hard RLIMIT_NOFILE
 * @param processes hard RLIMIT_NPROC, at most {@code pid_max}
 */
record HostLimits(OptionalLong openFiles, OptionalLong processes) {

    static final HostLimits UNKNOWN = new HostLimits(OptionalLong.empty(), OptionalLong.empty());

    /** The limits of this JVM ({@link #UNKNOWN} where {@code /proc} cannot be read). */
    static HostLimits current() {
        OptionalLong pidMax;
        // Not Files.readString: it reads a size-0 file one byte first, and a sysctl file read in
        // pieces ends after the first one (measured: "3" for 32768).
        try (InputStream in = Files.newInputStream(Path.of("/proc/sys/kernel/pid_max"))) {
            pidMax = OptionalLong.of(Long.parseLong(new String(in.readNBytes(64), StandardCharsets.US_ASCII).strip()));
        } catch (IOException | NumberFormatException e) {
            pidMax = OptionalLong.empty();
        }
        try {
            return parse(Files.readString(Path.of("/proc/self/limits")), pidMax);
        } catch (IOException e) {
            return UNKNOWN;
        }
    }

    /** Parses the text of a {@code /proc/<pid>/limits} file and caps processes at {@code pidMax}. */
    static HostLimits parse(String limits, OptionalLong pidMax) {
        OptionalLong processes = hard(limits, "Max processes");
        if (pidMax.isPresent() && (processes.isEmpty() || processes.getAsLong() > pidMax.getAsLong())) {
            processes = pidMax;
        }
        return new HostLimits(hard(limits, "Max open files"), processes);
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
