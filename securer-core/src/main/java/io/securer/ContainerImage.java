package io.securer;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What a {@link Sandbox.Container} runs: an image that holds R with the packages {@code jsonlite}
 * and {@code processx} (the usual case; see the Dockerfile in docs/deployment.md), or, with podman
 * only, a root directory on the host ({@code podman --rootfs}).
 *
 * <p>Images are never pulled while a session starts: build or pull the image when you deploy.
 * A root directory is used as the container's read-only root as it is; everything it lacks
 * (R, {@code /usr}) must be added with {@link Sandbox.Container#readOnlyBind(Path, Path)}.
 *
 * <p>Immutable and thread-safe.
 */
public final class ContainerImage {
    private static final Pattern REFERENCE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._/:@-]{0,254}");

    private final String reference;
    private final Path rootfs;

    private ContainerImage(String reference, Path rootfs) {
        this.reference = reference;
        this.rootfs = rootfs;
    }

    /**
     * An image, e.g. {@code "registry.example.com/securer-r:4.2"} or a local name. Letters, digits
     * and {@code . _ / : @ -} only.
     */
    public static ContainerImage of(String reference) {
        Objects.requireNonNull(reference, "reference");
        if (!REFERENCE.matcher(reference).matches()) {
            throw new IllegalArgumentException("invalid image reference: '" + reference + "'");
        }
        return new ContainerImage(reference, null);
    }

    /** A root directory on the host (absolute path; podman only). */
    public static ContainerImage rootfs(Path directory) {
        Objects.requireNonNull(directory, "directory");
        if (!directory.isAbsolute()) {
            throw new IllegalArgumentException("a container root directory must be an absolute path, got " + directory);
        }
        return new ContainerImage(null, directory.normalize());
    }

    /** An absolute path ({@code /…}) is a {@link #rootfs(Path) root directory}; anything else an {@link #of(String) image}. */
    public static ContainerImage parse(String imageOrRootfs) {
        Objects.requireNonNull(imageOrRootfs, "imageOrRootfs");
        return imageOrRootfs.startsWith("/") ? rootfs(Path.of(imageOrRootfs)) : of(imageOrRootfs);
    }

    /** The image reference, or empty for a root directory. */
    public Optional<String> reference() {
        return Optional.ofNullable(reference);
    }

    /** The root directory, or empty for an image. */
    public Optional<Path> rootfsDirectory() {
        return Optional.ofNullable(rootfs);
    }

    /** True for a root directory. */
    public boolean isRootfs() {
        return rootfs != null;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ContainerImage i && Objects.equals(reference, i.reference) && Objects.equals(rootfs, i.rootfs);
    }

    @Override
    public int hashCode() {
        return Objects.hash(reference, rootfs);
    }

    @Override
    public String toString() {
        return reference != null ? reference : "rootfs:" + rootfs;
    }
}
