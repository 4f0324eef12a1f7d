package io.securer.engine.sandbox;


import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The util-linux {@code prlimit} prefix that sets resource limits and then execs the command
 * after {@code --}. Used instead of a shell because Debian's {@code /bin/sh} (dash) has no
 * {@code ulimit -u}, and because no shell means no quoting to get wrong. Soft and hard limits are
 * set equal so the child cannot raise them back.
 *
 * <p>Immutable and thread-safe.
 */
public final class PrlimitCommand {

    /** Where Debian's util-linux installs it; inside bubblewrap the same path is visible via /usr. */
    public static final String PRLIMIT = "/usr/bin/prlimit";

    private final List<String> arguments;

    private PrlimitCommand(List<String> arguments) {
        this.arguments = List.copyOf(arguments);
    }

    /** The prefix for these limits; empty (no prlimit at all) when no limit is set. */
    public static PrlimitCommand forLimits(ProcessLimits limits) {
        Objects.requireNonNull(limits, "limits");
        List<String> args = new ArrayList<>();
        if (!limits.isEmpty()) {
            args.add(PRLIMIT);
            flag(args, "--cpu", limits.cpuSeconds());
            flag(args, "--as", limits.memoryBytes());
            flag(args, "--fsize", limits.fileSizeBytes());
            flag(args, "--nproc", limits.maxProcesses());
            flag(args, "--nofile", limits.maxOpenFiles());
            flag(args, "--stack", limits.stackBytes());
            args.add("--");
        }
        return new PrlimitCommand(args);
    }

    private static void flag(List<String> args, String name, Long value) {
        if (value != null) {
            args.add(name + "=" + value + ":" + value);
        }
    }

    /** The argument prefix, ending with {@code --}; empty when there is nothing to limit. */
    public List<String> arguments() {
        return arguments;
    }
}
