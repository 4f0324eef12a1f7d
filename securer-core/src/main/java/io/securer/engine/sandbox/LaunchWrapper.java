package io.securer.engine.sandbox;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The first link of every Linux launch: a {@code /bin/sh} that opens the plan's launch files on
 * fixed descriptors (the seccomp program on {@link SeccompFilter#FD}, bubblewrap's options on
 * {@link BubblewrapCommand#ARGS_FD}), ignores SIGXFSZ, and execs the rest of the command line in
 * the same process. Ignoring SIGXFSZ (the disposition survives exec) turns a write past the
 * file-size limit into an R error ("File too large") instead of killing R and its session.
 *
 * <p>Immutable; only numbers and fixed text are put into the script, paths are arguments.
 */
public final class LaunchWrapper {
    private static final String SHELL = "/bin/sh";

    /** A launch file opened read-only on descriptor {@code fd}. */
    public record Opened(int fd, Path file) {
    }

    private LaunchWrapper() {
    }

    /** The prefix; the command to run follows it directly. */
    public static List<String> prefix(List<Opened> files) {
        StringBuilder script = new StringBuilder("unset PWD; trap '' XFSZ; ");
        if (!files.isEmpty()) {
            script.append("exec");
            for (int i = 0; i < files.size(); i++) {
                script.append(' ').append(files.get(i).fd()).append("<\"$").append(i + 1).append('"');
            }
            script.append(" && shift ").append(files.size()).append(" && ");
        }
        script.append("exec \"$@\"");
        List<String> out = new ArrayList<>(List.of(SHELL, "-c", script.toString(), "securer-launch"));
        files.forEach(f -> out.add(f.file().toString()));
        return out;
    }
}
