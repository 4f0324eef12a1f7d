package io.securer.engine.sandbox;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * The {@code podman run} / {@code docker run} command line for one child: one container, removed
 * when R exits ({@code --rm}), with stdin attached for the token ({@code -i}), a small init that
 * forwards signals and reaps zombies ({@code --init}), no network, no IPC namespace shared, a
 * read-only root with a size-capped tmpfs {@code /tmp} as the only writable place, all
 * capabilities dropped, {@code no-new-privileges}, securer's seccomp denylist
 * ({@link OciSeccompProfile}), an unprivileged user, memory, process and
 * rlimit caps, labels for the {@link ContainerReaper}, and the session directory read-only at
 * {@link #SESSION_DIR_IN_CHILD}.
 *
 * <p>Podman-only options (left out for docker, which has no equivalent or needs none):
 * {@code --events-backend=none}, {@code --read-only-tmpfs=false} (else podman adds writable
 * {@code /run} and {@code /var/tmp}), {@code notmpcopyup}, {@code --no-hosts}, {@code --passwd=false}
 * (no generated {@code /etc/passwd} entry), {@code --unsetenv-all} and {@code --http-proxy=false}
 * (no host proxy variables), {@code --userns=keep-id} and {@code --rootfs}. For docker, the proxy
 * variables the CLI would copy from {@code ~/.docker/config.json} are set empty instead.
 *
 * <p>R runs as {@code /bin/sh -c 'exec R … 2>&1'}: stderr is merged into stdout inside the
 * container, because the engine relays the two streams separately and would reorder R's lines.
 * The same shell reports a missing R with the runtime's setup-error mark.
 *
 * <p>Immutable and thread-safe once built; it starts nothing.
 */
final class ContainerRunCommand {
    /** Where the child sees the session directory, as under bubblewrap. */
    static final Path SESSION_DIR_IN_CHILD = BubblewrapCommand.SESSION_DIR_IN_CHILD;
    /** What the runtime prints when R or a package is missing (the same mark as {@code ChildProcess}'s). */
    static final String SETUP_ERROR_MARK = "SECURER-SETUP-ERROR: ";
    static final String HOSTNAME = "sandbox";
    /** The variables the docker CLI fills from its config's {@code proxies}, set empty instead. */
    static final List<String> PROXY_VARIABLES = List.of("HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy",
            "FTP_PROXY", "ftp_proxy", "NO_PROXY", "no_proxy", "ALL_PROXY", "all_proxy");
    static final String SHELL_SCRIPT = "command -v \"$0\" >/dev/null 2>&1 || { echo \"" + SETUP_ERROR_MARK
            + "R is not installed in the container: no $0 on PATH=$PATH\"; exit 3; }; exec \"$0\" \"$@\" 2>&1";

    private ContainerRunCommand() {
    }

    /**
     * Everything one command line is made of.
     *
     * @param cli          the CLI and its global options ({@link ContainerClient#prefix()})
     * @param spec         the image, binds, runtime, /tmp size and extra labels
     * @param name         the container's unique name
     * @param owner        this JVM's owner id ({@link ContainerReaper#owner()})
     * @param session      the session's name, for a label
     * @param cidFile      where the CLI writes the container id
     * @param sessionDir   the host session directory
     * @param seccomp      the OCI seccomp profile to apply, or null for the engine's default
     * @param user         the {@code --user}/{@code --userns} options
     * @param nprocPerUser true when the container's uid is its own (RLIMIT_NPROC then counts only
     *                     this container's processes and may be set to {@code maxProcesses})
     * @param limits       the session's resource limits
     * @param host         this JVM's hard limits, the ceiling for unset nofile/nproc
     * @param env          the complete environment inside the container
     */
    record Launch(List<String> cli, ContainerSpec spec, String name, String owner, String session, Path cidFile,
                  Path sessionDir, Path seccomp, List<String> user, boolean nprocPerUser, ProcessLimits limits, HostLimits host,
                  SandboxEnvironment env) {
        Launch {
            cli = List.copyOf(cli);
            Objects.requireNonNull(spec, "spec");
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(owner, "owner");
            Objects.requireNonNull(session, "session");
            ContainerSpec.mountPath("cidfile", cidFile);
            ContainerSpec.mountPath("session directory", sessionDir);
            if (seccomp != null) {
                ContainerSpec.mountPath("seccomp profile", seccomp);
            }
            user = List.copyOf(user);
            Objects.requireNonNull(limits, "limits");
            Objects.requireNonNull(host, "host");
            Objects.requireNonNull(env, "env");
        }
    }

    /** The full argv: CLI, {@code run}, options, image or {@code --rootfs DIR}, then the R command. */
    static List<String> arguments(Launch l) {
        ContainerSpec spec = l.spec();
        boolean podman = spec.engine() == ContainerSpec.Engine.PODMAN;
        List<String> a = new ArrayList<>(l.cli());
        a.addAll(List.of("run", "--rm", "-i", "--init", "--pull=never"));
        if (spec.ociRuntime() != null) {
            a.addAll(List.of("--runtime", spec.ociRuntime()));
        }
        a.addAll(List.of("--name", l.name(), "--label", ContainerReaper.OWNER_LABEL + "=" + l.owner(),
                "--label", ContainerReaper.SESSION_LABEL + "=" + labelValue(l.session())));
        spec.labels().forEach((k, v) -> a.addAll(List.of("--label", k + "=" + v)));
        a.addAll(List.of("--cidfile", l.cidFile().toString()));

        a.add("--read-only");
        String tmpfs = "/tmp:rw,size=" + spec.tmpSizeBytes() + ",mode=1777,nosuid,nodev";
        if (podman) {
            a.add("--read-only-tmpfs=false");
            tmpfs += ",notmpcopyup";
        }
        a.addAll(List.of("--tmpfs", tmpfs, "--network=none", "--ipc=none"));
        if (podman) {
            a.add("--no-hosts");
        }
        a.addAll(List.of("--hostname", HOSTNAME, "--cap-drop=ALL", "--security-opt", "no-new-privileges"));
        if (l.seccomp() != null) {
            a.addAll(List.of("--security-opt", "seccomp=" + l.seccomp()));
        }
        a.addAll(l.user());
        if (podman) {
            a.add("--passwd=false");
        }

        ProcessLimits lim = l.limits();
        if (lim.memoryBytes() != null) {
            // memory-swap = memory: no swap on top, so the cap is what R can really hold.
            a.addAll(List.of("--memory", lim.memoryBytes().toString(), "--memory-swap", lim.memoryBytes().toString()));
        }
        if (lim.maxProcesses() != null) {
            a.addAll(List.of("--pids-limit", lim.maxProcesses().toString()));
        }
        ulimit(a, "core", 0L);
        ulimit(a, "nofile", lim.maxOpenFiles() != null ? lim.maxOpenFiles() : orNull(l.host().openFiles()));
        ulimit(a, "nproc", lim.maxProcesses() != null && l.nprocPerUser() ? lim.maxProcesses()
                : orNull(l.host().processes()));
        ulimit(a, "cpu", lim.cpuSeconds());
        ulimit(a, "fsize", lim.fileSizeBytes());
        // There is no "--ulimit as". RLIMIT_DATA (heap and private mappings) at the memory cap turns
        // one oversized allocation into R's "cannot allocate vector" instead of an OOM kill.
        ulimit(a, "data", lim.memoryBytes());
        ulimit(a, "stack", lim.stackBytes());

        if (podman) {
            a.addAll(List.of("--unsetenv-all", "--http-proxy=false"));
        }
        a.addAll(List.of("--workdir", "/tmp", "--log-driver=none"));
        for (ContainerSpec.Bind b : spec.binds()) {
            a.addAll(List.of("--mount", mount(b.host(), b.target())));
        }
        a.addAll(List.of("--mount", mount(l.sessionDir(), SESSION_DIR_IN_CHILD)));
        for (Map.Entry<String, String> e : l.env().variables().entrySet()) {
            a.addAll(List.of("--env", e.getKey() + "=" + e.getValue()));
        }
        if (!podman) {
            PROXY_VARIABLES.forEach(v -> a.addAll(List.of("--env", v + "=")));
        }
        // --rootfs takes no value: the directory is the first positional argument, so it must come
        // last, just before the command (anything after it would be read as the command).
        if (spec.rootfs() != null) {
            a.addAll(List.of("--rootfs", spec.rootfs().toString()));
        } else {
            a.add(spec.image());
        }
        a.addAll(List.of("/bin/sh", "-c", SHELL_SCRIPT, spec.rLauncher(), "--vanilla", "--slave", "--no-readline",
                "-f", SESSION_DIR_IN_CHILD.resolve("runtime.R").toString()));
        return a;
    }

    private static String mount(Path source, Path target) {
        return "type=bind,source=" + source + ",target=" + target + ",readonly";
    }

    private static void ulimit(List<String> a, String name, Long value) {
        if (value != null) {
            a.addAll(List.of("--ulimit", name + "=" + value + ":" + value));
        }
    }

    private static Long orNull(OptionalLong v) {
        return v.isPresent() ? v.getAsLong() : null;
    }

    /** A label value the CLIs take as is: other characters become {@code _}. */
    static String labelValue(String s) {
        String v = s.replaceAll("[^A-Za-z0-9._:/@+-]", "_");
        return v.length() > 255 ? v.substring(0, 255) : v;
    }
}
