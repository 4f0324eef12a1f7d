package io.securer.engine.sandbox;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * Plans a child in a container ({@link Isolation#CONTAINER}): finds the CLI, checks that what the
 * container mounts exists, decides the user, sweeps containers of dead JVMs once, and returns a
 * {@link LaunchPlan} whose command is {@link ContainerRunCommand}'s, whose control is a
 * {@link ContainerControl}, and whose launch file is securer's seccomp denylist as an
 * {@link OciSeccompProfile} (on x86-64 and AArch64; elsewhere the engine's default profile applies).
 *
 * <p>The container backend is chosen explicitly, so it never falls back to running R without a
 * sandbox: when it cannot be had (no CLI, a missing root directory or bind source, a host other
 * than Linux) {@link SandboxRefusedException} is thrown whether or not the request is strict.
 *
 * <p><b>User.</b> A root JVM gives each container a fresh unprivileged uid from the same allocator
 * as bubblewrap ({@code --user U:U}), and the caller chowns the session directory and socket to it:
 * without a user namespace, RLIMIT_NPROC counts a uid across all containers, so a shared uid would
 * let one session starve the others. A non-root JVM runs the container as itself (podman:
 * {@code --userns=keep-id}), since it cannot hand its files to another uid; {@code --pids-limit}
 * then bounds processes (untested here: the test machine runs as root).
 *
 * <p>Thread-safe; planning runs, once per CLI and JVM, the {@link ContainerReaper} sweep.
 */
final class ContainerPlanner {
    /** Where the CLI writes the container id, inside the session directory (removed with it). */
    static final String CID_FILE = "container.id";
    /** The host variables the CLI process gets (how to reach the engine, and nothing else). */
    static final List<String> CLI_VARIABLES = List.of("PATH", "HOME", "LANG", "TMPDIR", "XDG_RUNTIME_DIR",
            "XDG_CONFIG_HOME", "XDG_DATA_HOME", "CONTAINER_HOST", "CONTAINER_CONNECTION", "CONTAINERS_CONF",
            "CONTAINERS_STORAGE_CONF", "CONTAINERS_REGISTRIES_CONF", "DOCKER_HOST", "DOCKER_CONTEXT",
            "DOCKER_CONFIG", "DOCKER_CERT_PATH", "DOCKER_TLS_VERIFY");
    static final String NOT_LINUX = "the container backend needs a Linux host that shares its kernel with the "
            + "container engine (the session's Unix socket is bind-mounted into the container and its peer "
            + "is checked through /proc); on macOS or Windows run the application itself in a Linux VM or container";
    private static final String DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    private final IntSupplier effectiveUid;
    private final IntSupplier effectiveGid;
    private final IntSupplier uidAllocator;
    private final HostFileSystem fs;
    private final Supplier<HostLimits> hostLimits;
    private final Consumer<ContainerClient> sweeper;
    private final Supplier<String> names;
    private final Supplier<Optional<SeccompFilter>> seccompFilter;

    ContainerPlanner(IntSupplier effectiveUid, IntSupplier effectiveGid, IntSupplier uidAllocator, HostFileSystem fs,
                     Supplier<HostLimits> hostLimits, Consumer<ContainerClient> sweeper, Supplier<String> names,
                     Supplier<Optional<SeccompFilter>> seccompFilter) {
        this.effectiveUid = Objects.requireNonNull(effectiveUid, "effectiveUid");
        this.effectiveGid = Objects.requireNonNull(effectiveGid, "effectiveGid");
        this.uidAllocator = Objects.requireNonNull(uidAllocator, "uidAllocator");
        this.fs = Objects.requireNonNull(fs, "fs");
        this.hostLimits = Objects.requireNonNull(hostLimits, "hostLimits");
        this.sweeper = Objects.requireNonNull(sweeper, "sweeper");
        this.names = Objects.requireNonNull(names, "names");
        this.seccompFilter = Objects.requireNonNull(seccompFilter, "seccompFilter");
    }

    /** The planner for this JVM: real uid, allocator, file system, limits and reaper. */
    static ContainerPlanner real() {
        return new ContainerPlanner(EffectiveUid::current, EffectiveUid::currentGid, SessionUidAllocator.shared()::next,
                HostFileSystem.real(), HostLimits::current, ContainerReaper::sweepOnce, ContainerReaper::newName,
                SeccompFilter::forCurrentArchitecture);
    }

    /**
     * Plans one container child.
     *
     * @throws SandboxRefusedException when the container cannot be started here; the message says why
     */
    LaunchPlan plan(LaunchRequest request) {
        ContainerSpec spec = Objects.requireNonNull(request.container(), "request.container");
        if (request.os() != OperatingSystem.LINUX) {
            throw new SandboxRefusedException(NOT_LINUX);
        }
        Path cli = locate(spec, request.hostEnv()).orElseThrow(() -> new SandboxRefusedException(notFound(spec)));
        if (spec.rootfs() != null && !fs.exists(spec.rootfs())) {
            throw new SandboxRefusedException("container root directory " + spec.rootfs() + " does not exist");
        }
        for (ContainerSpec.Bind b : spec.binds()) {
            if (!fs.exists(b.host())) {
                throw new SandboxRefusedException("host path " + b.host() + " to bind into the container does not exist");
            }
        }
        try {
            ContainerSpec.mountPath("session directory", request.sessionDir());
        } catch (IllegalArgumentException e) {
            throw new SandboxRefusedException(e.getMessage() + "; start the JVM with -Djava.io.tmpdir=/tmp");
        }
        ContainerClient client = new ContainerClient(spec.engine(), cli, cliEnvironment(request.hostEnv()));
        sweeper.accept(client);

        int euid = effectiveUid.getAsInt();
        OptionalInt childUid = OptionalInt.empty();
        List<String> user;
        if (euid == 0) {
            int uid = uidAllocator.getAsInt();
            childUid = OptionalInt.of(uid);
            user = List.of("--user", uid + ":" + uid);
        } else {
            String self = euid + ":" + effectiveGid.getAsInt();
            user = spec.engine() == ContainerSpec.Engine.PODMAN
                    ? List.of("--userns=keep-id", "--user", self) : List.of("--user", self);
        }
        String name = names.get();
        Path cidFile = request.sessionDir().resolve(CID_FILE);
        // The CLI reads the profile when it creates the container; the caller deletes it once R connected.
        Optional<LaunchFile> seccomp = seccompFilter.get().map(OciSeccompProfile::launchFile);
        Path seccompFile = seccomp.map(f -> request.sessionDir().resolve(f.name())).orElse(null);
        List<String> command = ContainerRunCommand.arguments(new ContainerRunCommand.Launch(client.prefix(), spec, name,
                ContainerReaper.owner(), request.sessionDir().getFileName().toString(), cidFile, request.sessionDir(),
                seccompFile, user, childUid.isPresent(), request.limits(), hostLimits.get(),
                SandboxEnvironment.forContainer(request.hostEnv())));
        return new LaunchPlan(command, client.env(), Isolation.CONTAINER, ContainerRunCommand.SESSION_DIR_IN_CHILD,
                childUid, null, seccomp.stream().toList(), new ContainerControl(client, name, cidFile),
                request.limits().memoryBytes() == null ? MemoryPlan.NONE
                        : MemoryPlan.containerEngine(request.limits().memoryBytes()));
    }

    /** {@link Isolation#CONTAINER} when a container could be started on {@code os}, else {@link Isolation#NONE}. */
    Isolation expected(ContainerSpec spec, OperatingSystem os, Map<String, String> hostEnv) {
        return os == OperatingSystem.LINUX && locate(spec, hostEnv).isPresent() ? Isolation.CONTAINER : Isolation.NONE;
    }

    /** The CLI: the configured one if executable, else {@code /usr/bin/<cli>}, else the first on PATH. */
    Optional<Path> locate(ContainerSpec spec, Map<String, String> hostEnv) {
        if (spec.executable() != null) {
            return fs.isExecutable(spec.executable()) ? Optional.of(spec.executable()) : Optional.empty();
        }
        String command = spec.engine().command();
        return ExecutableLookup.find(Path.of("/usr/bin", command), command, hostEnv.getOrDefault("PATH", DEFAULT_PATH), fs);
    }

    private static String notFound(ContainerSpec spec) {
        String what = spec.executable() != null ? spec.executable().toString() : spec.engine().command() + " (on PATH)";
        return "container sandbox unavailable: " + what + " not found or not executable; install it, e.g. apt-get "
                + "install --no-install-recommends " + (spec.engine() == ContainerSpec.Engine.PODMAN
                ? "podman runc catatonit" : "docker.io");
    }

    /** What the CLI process may see of the host's environment: {@link #CLI_VARIABLES} only. */
    static Map<String, String> cliEnvironment(Map<String, String> hostEnv) {
        Map<String, String> env = new TreeMap<>();
        for (String name : CLI_VARIABLES) {
            String value = hostEnv.get(name);
            if (value != null && value.indexOf('\0') < 0) {
                env.put(name, value);
            }
        }
        env.putIfAbsent("PATH", DEFAULT_PATH);
        return env;
    }
}
