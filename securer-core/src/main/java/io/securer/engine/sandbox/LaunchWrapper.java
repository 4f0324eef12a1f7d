package io.securer.engine.sandbox;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The first link of every Linux launch: a {@code /bin/sh} that moves itself into the child's
 * memory cgroup (when there is one), opens the plan's launch files on fixed descriptors (the
 * seccomp program on {@link SeccompFilter#FD}, bubblewrap's options on
 * {@link BubblewrapCommand#ARGS_FD}), ignores SIGXFSZ, and execs the rest of the command line in
 * the same process. Ignoring SIGXFSZ (the disposition survives exec) turns a write past the
 * file-size limit into an R error ("File too large") instead of killing R and its session.
 *
 * <p>Joining the cgroup first, before bwrap or R exist, means every process of the sandbox is
 * created inside it. If the shell cannot join, it exits with {@value #CGROUP_JOIN_FAILED} instead
 * of starting a child whose memory would then be capped only by a generous address-space limit.
 *
 * <p>Immutable; only numbers and fixed text are put into the script, paths are arguments.
 */
public final class LaunchWrapper {
    private static final String SHELL = "/bin/sh";
    /** The wrapper's exit status when it cannot move into the memory cgroup. */
    public static final int CGROUP_JOIN_FAILED = 125;

    /** A launch file opened read-only on descriptor {@code fd}. */
    public record Opened(int fd, Path file) {
    }

    private LaunchWrapper() {
    }

    /** The prefix without a cgroup; the command to run follows it directly. */
    public static List<String> prefix(List<Opened> files) {
        return prefix(null, files);
    }

    /**
     * The prefix; the command to run follows it directly.
     *
     * @param cgroupProcs the {@code cgroup.procs} file of the child's memory cgroup, or null
     * @param files       launch files to open
     */
    public static List<String> prefix(Path cgroupProcs, List<Opened> files) {
        StringBuilder script = new StringBuilder("unset PWD; trap '' XFSZ; ");
        List<String> params = new ArrayList<>();
        if (cgroupProcs != null) {
            params.add(cgroupProcs.toString());
            script.append("echo $$ >\"$1\" || { echo \"securer: cannot move into the memory cgroup ($1)\" >&2; exit ")
                    .append(CGROUP_JOIN_FAILED).append("; }; ");
        }
        if (!files.isEmpty()) {
            script.append("exec");
            for (Opened f : files) {
                params.add(f.file().toString());
                script.append(' ').append(f.fd()).append("<\"$").append(params.size()).append('"');
            }
            script.append(" && ");
        }
        if (!params.isEmpty()) {
            script.append("shift ").append(params.size()).append(" && ");
        }
        script.append("exec \"$@\"");
        List<String> out = new ArrayList<>(List.of(SHELL, "-c", script.toString(), "securer-launch"));
        out.addAll(params);
        return out;
    }
}
