package io.securer.engine.sandbox;


import java.util.List;
import java.util.Objects;

/**
 * A POSIX-shell prefix that sets resource limits with {@code ulimit} and then
 * {@code exec "$@"}s the command that follows, for systems without util-linux {@code prlimit}
 * (macOS). One {@code ulimit} per flag because some shells reject several flags in one call.
 * A plain {@code ulimit -X n} sets soft and hard limits together. Units follow the shells:
 * {@code -v} and {@code -s} in KiB, {@code -f} in 512-byte blocks (POSIX); byte values are
 * rounded down so the limit is never looser than asked, but never to zero.
 *
 * <p>Only numbers are interpolated into the script, so no quoting is needed. Immutable and
 * thread-safe.
 */
public final class UlimitCommand {

    private final List<String> arguments;

    private UlimitCommand(List<String> arguments) {
        this.arguments = arguments;
    }

    /** The prefix for these limits; empty when no limit is set. */
    public static UlimitCommand forLimits(ProcessLimits limits) {
        Objects.requireNonNull(limits, "limits");
        if (limits.isEmpty()) {
            return new UlimitCommand(List.of());
        }
        StringBuilder script = new StringBuilder();
        ulimit(script, "-t", limits.cpuSeconds(), 1);
        ulimit(script, "-v", limits.memoryBytes(), 1024);
        ulimit(script, "-f", limits.fileSizeBytes(), 512);
        ulimit(script, "-u", limits.maxProcesses(), 1);
        ulimit(script, "-n", limits.maxOpenFiles(), 1);
        ulimit(script, "-s", limits.stackBytes(), 1024);
        script.append("exec \"$@\"");
        // "sh" becomes $0 so that "$@" is exactly the command that follows.
        return new UlimitCommand(List.of("/bin/sh", "-c", script.toString(), "sh"));
    }

    private static void ulimit(StringBuilder script, String flag, Long value, long unit) {
        if (value != null) {
            script.append("ulimit ").append(flag).append(' ').append(Math.max(1, value / unit)).append("; ");
        }
    }

    /** The argument prefix; the command to run follows it directly. Empty when there is nothing to limit. */
    public List<String> arguments() {
        return arguments;
    }
}
