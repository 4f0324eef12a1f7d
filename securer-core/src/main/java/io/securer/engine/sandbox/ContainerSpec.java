package io.securer.engine.sandbox;

import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * What the container backend is asked to run: which CLI, which image (or root directory), and
 * what to add to every container. The public {@code io.securer.Sandbox.Container} is translated
 * into this, so that sandbox planning depends on nothing above it.
 *
 * <p>Immutable and thread-safe; collections are defensive copies.
 *
 * @param engine       which CLI dialect to speak
 * @param executable   the CLI to run, or null to look for {@code podman}/{@code docker} in
 *                     {@code /usr/bin} and then on {@code PATH}
 * @param image        the image reference; null when {@code rootfs} is set
 * @param rootfs       a root directory to run instead of an image ({@code podman --rootfs}); null
 *                     when {@code image} is set
 * @param ociRuntime   the OCI runtime ({@code --runtime}, e.g. {@code runc} or gVisor's
 *                     {@code runsc}), or null for the engine's default
 * @param binds        host paths mounted read-only into every container
 * @param tmpSizeBytes size of the container's tmpfs {@code /tmp}
 * @param labels       extra labels for every container (keys outside {@code io.securer.})
 * @param rLauncher    the R launcher inside the container: a name looked up on the container's
 *                     PATH, or an absolute path
 */
public record ContainerSpec(Engine engine, Path executable, String image, Path rootfs, String ociRuntime,
                            List<Bind> binds, long tmpSizeBytes, Map<String, String> labels, String rLauncher) {

    /** The CLI dialects spoken. */
    public enum Engine {
        PODMAN("podman"), DOCKER("docker");

        private final String command;

        Engine(String command) {
            this.command = command;
        }

        /** The program's usual name: {@code podman} or {@code docker}. */
        public String command() {
            return command;
        }
    }

    /**
     * A read-only bind mount. Paths must be absolute and free of {@code ,} and {@code "}, which
     * the CLIs' {@code --mount} syntax would split or unquote.
     *
     * @param host   the host path
     * @param target where the container sees it
     */
    public record Bind(Path host, Path target) {
        public Bind {
            mountPath("bind host path", host);
            mountPath("bind target", target);
        }
    }

    /** Label keys and values the CLIs accept without quoting. */
    static final Pattern LABEL_KEY = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._/-]{0,127}");
    static final Pattern LABEL_VALUE = Pattern.compile("[A-Za-z0-9._:/@+-]{0,255}");
    /** A conservative image reference: registry/name:tag@digest characters only. */
    static final Pattern IMAGE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._/:@-]{0,254}");
    private static final Pattern RUNTIME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._/-]{0,254}");
    private static final Pattern LAUNCHER = Pattern.compile("[A-Za-z0-9/][A-Za-z0-9._/+-]{0,254}");

    public ContainerSpec {
        Objects.requireNonNull(engine, "engine");
        if (executable != null && !executable.isAbsolute()) {
            throw new IllegalArgumentException("executable must be an absolute path, got " + executable);
        }
        if ((image == null) == (rootfs == null)) {
            throw new IllegalArgumentException("exactly one of image and rootfs must be set");
        }
        if (image != null && !IMAGE.matcher(image).matches()) {
            throw new IllegalArgumentException("invalid image reference: " + image);
        }
        if (rootfs != null) {
            mountPath("rootfs", rootfs);
            if (engine != Engine.PODMAN) {
                throw new IllegalArgumentException("a root directory instead of an image needs podman (--rootfs); "
                        + engine.command() + " runs images only");
            }
        }
        if (ociRuntime != null && !RUNTIME.matcher(ociRuntime).matches()) {
            throw new IllegalArgumentException("invalid OCI runtime name: " + ociRuntime);
        }
        binds = List.copyOf(Objects.requireNonNull(binds, "binds"));
        if (tmpSizeBytes <= 0) {
            throw new IllegalArgumentException("tmpSizeBytes must be positive, got " + tmpSizeBytes);
        }
        Map<String, String> sorted = new TreeMap<>();
        Objects.requireNonNull(labels, "labels").forEach((k, v) -> {
            if (!LABEL_KEY.matcher(k).matches() || k.startsWith("io.securer.")) {
                throw new IllegalArgumentException("invalid label key (io.securer.* is reserved): " + k);
            }
            if (!LABEL_VALUE.matcher(v).matches()) {
                throw new IllegalArgumentException("invalid value for label " + k + ": " + v);
            }
            sorted.put(k, v);
        });
        labels = Collections.unmodifiableMap(sorted);
        Objects.requireNonNull(rLauncher, "rLauncher");
        if (!LAUNCHER.matcher(rLauncher).matches()) {
            throw new IllegalArgumentException("invalid R launcher for a container: " + rLauncher);
        }
    }

    /** Checks a path that goes into a {@code --mount} or {@code --rootfs} argument. */
    static Path mountPath(String what, Path p) {
        Objects.requireNonNull(p, what);
        String s = p.toString();
        if (!p.isAbsolute() || s.indexOf(',') >= 0 || s.indexOf('"') >= 0 || s.indexOf('\n') >= 0) {
            throw new IllegalArgumentException(what + " must be an absolute path without ',', '\"' or newlines, got " + s);
        }
        return p;
    }

    /** What the container runs: the image reference, or {@code rootfs:<dir>}. */
    public String imageLabel() {
        return image != null ? image : "rootfs:" + rootfs;
    }
}
