package io.securer;

import io.securer.engine.sandbox.ContainerSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Which sandbox confines a session's child R process, chosen with
 * {@link SessionSettings#sandbox(Sandbox)}:
 *
 * <ul>
 *   <li>{@link #os()}: the operating system's own sandbox, as {@code sandbox(true)}: bubblewrap on
 *       Linux (needs unprivileged user namespaces), Seatbelt on macOS. In non-strict mode a missing
 *       OS sandbox falls back to none, with a warning.</li>
 *   <li>{@link #container(ContainerImage)}: one container per child through {@code podman}
 *       (default) or {@code docker}, for hosts where bubblewrap cannot run (locked-down Kubernetes
 *       nodes, CI runners, containers without user namespaces). The JVM must run on the same Linux
 *       kernel as the container engine. It never falls back: when no container can be started,
 *       {@link SandboxUnavailableException} is thrown whatever {@code sandboxStrict} says.</li>
 * </ul>
 *
 * <p>Values are immutable and thread-safe; the {@link Container} setters return a changed copy.
 */
public sealed interface Sandbox permits Sandbox.Os, Sandbox.Container {

    /** The OS sandbox: what {@code sandbox(true)} means. */
    static Os os() {
        return Os.INSTANCE;
    }

    /** A container sandbox running {@code image} with podman and default options. */
    static Container container(ContainerImage image) {
        return new Container(Objects.requireNonNull(image, "image"), ContainerCli.PODMAN, null, null,
                new LinkedHashMap<>(), Container.DEFAULT_TMP_SIZE_BYTES, Map.of());
    }

    /** Shorthand for {@code container(ContainerImage.parse(imageOrRootfs))}: a path starting with {@code /} is a root directory. */
    static Container container(String imageOrRootfs) {
        return container(ContainerImage.parse(imageOrRootfs));
    }

    /** The OS sandbox (bubblewrap on Linux, Seatbelt on macOS). */
    final class Os implements Sandbox {
        private static final Os INSTANCE = new Os();

        private Os() {
        }

        @Override
        public String toString() {
            return "Sandbox.os()";
        }
    }

    /**
     * One container per child R process. Every container gets, whatever is configured here: no
     * network, a private IPC namespace, a read-only root with a size-capped tmpfs {@code /tmp} as
     * the only writable place, all capabilities dropped, {@code no-new-privileges}, an unprivileged
     * user (a fresh uid per session when the JVM runs as root), an init process, the session's
     * {@link ResourceLimits} as memory, process and rlimit caps, and the session directory
     * read-only at {@code /run/securer}. See docs/deployment.md for the exact command line.
     */
    final class Container implements Sandbox {
        /** Default size of the container's in-memory {@code /tmp}, as under bubblewrap: 256 MiB. */
        public static final long DEFAULT_TMP_SIZE_BYTES = 256L * 1024 * 1024;

        private final ContainerImage image;
        private final ContainerCli cli;
        private final Path executable;
        private final String ociRuntime;
        private final Map<Path, Path> binds;
        private final long tmpSizeBytes;
        private final Map<String, String> labels;

        private Container(ContainerImage image, ContainerCli cli, Path executable, String ociRuntime,
                          Map<Path, Path> binds, long tmpSizeBytes, Map<String, String> labels) {
            this.image = image;
            this.cli = cli;
            this.executable = executable;
            this.ociRuntime = ociRuntime;
            this.binds = Collections.unmodifiableMap(new LinkedHashMap<>(binds));
            this.tmpSizeBytes = tmpSizeBytes;
            this.labels = Map.copyOf(labels);
            toSpec("R"); // one set of rules for every option: the engine's
        }

        /**
         * The CLI to use; default {@link ContainerCli#PODMAN}. Docker cannot run a root directory.
         *
         * @throws IllegalArgumentException for {@link ContainerCli#DOCKER} with a root directory
         */
        public Container cli(ContainerCli cli) {
            Objects.requireNonNull(cli, "cli");
            return new Container(image, cli, executable, ociRuntime, binds, tmpSizeBytes, labels);
        }

        /** The CLI program to run (absolute path); default: {@code /usr/bin/<cli>}, else the first on PATH. */
        public Container executable(Path program) {
            Objects.requireNonNull(program, "program");
            return new Container(image, cli, program, ociRuntime, binds, tmpSizeBytes, labels);
        }

        /**
         * The OCI runtime ({@code --runtime}), e.g. {@code "runc"}, or gVisor's {@code "runsc"} for a
         * user-space kernel; default: the engine's own default.
         */
        public Container ociRuntime(String runtime) {
            Objects.requireNonNull(runtime, "runtime");
            return new Container(image, cli, executable, runtime, binds, tmpSizeBytes, labels);
        }

        /** Mounts a host path read-only at the same path in every container. */
        public Container readOnlyBind(Path hostPath) {
            return readOnlyBind(hostPath, hostPath);
        }

        /**
         * Mounts {@code hostPath} read-only at {@code containerPath} in every container (e.g. data
         * the code may read, or, with a root directory, the host's {@code /usr}). Both absolute;
         * the host path must exist when a session starts. Each container path at most once.
         */
        public Container readOnlyBind(Path hostPath, Path containerPath) {
            Objects.requireNonNull(hostPath, "hostPath");
            Objects.requireNonNull(containerPath, "containerPath");
            if (binds.containsKey(containerPath)) {
                throw new IllegalArgumentException("container path " + containerPath + " is already bound");
            }
            Map<Path, Path> more = new LinkedHashMap<>(binds);
            more.put(containerPath, hostPath);
            return new Container(image, cli, executable, ociRuntime, more, tmpSizeBytes, labels);
        }

        /**
         * Size of the container's tmpfs {@code /tmp} (HOME and working directory); default 256 MiB.
         * Its pages count toward the memory limit.
         */
        public Container tmpSizeBytes(long bytes) {
            return new Container(image, cli, executable, ociRuntime, binds, bytes, labels);
        }

        /**
         * Adds a label to every container (e.g. the application's name, to find them with
         * {@code podman ps --filter label=…}). Keys starting with {@code io.securer.} are reserved.
         */
        public Container label(String key, String value) {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(value, "value");
            Map<String, String> more = new LinkedHashMap<>(labels);
            more.put(key, value);
            return new Container(image, cli, executable, ociRuntime, binds, tmpSizeBytes, more);
        }

        public ContainerImage image() {
            return image;
        }

        public ContainerCli cli() {
            return cli;
        }

        /** The configured CLI program, or null to look it up. */
        public Path executable() {
            return executable;
        }

        /** The configured OCI runtime, or null for the engine's default. */
        public String ociRuntime() {
            return ociRuntime;
        }

        /** Container path to host path, in the order added. */
        public Map<Path, Path> readOnlyBinds() {
            return binds;
        }

        public long tmpSizeBytes() {
            return tmpSizeBytes;
        }

        /** The extra labels. */
        public Map<String, String> labels() {
            return labels;
        }

        /** The engine's description of this container, running R through {@code rLauncher}. */
        ContainerSpec toSpec(String rLauncher) {
            List<ContainerSpec.Bind> list = new ArrayList<>();
            binds.forEach((target, host) -> list.add(new ContainerSpec.Bind(host, target)));
            return new ContainerSpec(cli == ContainerCli.PODMAN ? ContainerSpec.Engine.PODMAN : ContainerSpec.Engine.DOCKER,
                    executable, image.reference().orElse(null), image.rootfsDirectory().orElse(null), ociRuntime,
                    list, tmpSizeBytes, labels, rLauncher);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Container c && image.equals(c.image) && cli == c.cli
                    && Objects.equals(executable, c.executable) && Objects.equals(ociRuntime, c.ociRuntime)
                    && binds.equals(c.binds) && tmpSizeBytes == c.tmpSizeBytes && labels.equals(c.labels);
        }

        @Override
        public int hashCode() {
            return Objects.hash(image, cli, executable, ociRuntime, binds, tmpSizeBytes, labels);
        }

        @Override
        public String toString() {
            return "Sandbox.container(" + cli.command() + ", " + image + ")";
        }
    }
}
