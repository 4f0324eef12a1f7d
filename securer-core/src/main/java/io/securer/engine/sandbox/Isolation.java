package io.securer.engine.sandbox;

/**
 * How the child R process is confined. Immutable and thread-safe. {@link #label()} is the
 * lower-case name used in {@code toString()} output and the audit log.
 */
public enum Isolation {
    /** No OS sandbox: the child runs as a plain process (resource limits may still apply). */
    NONE("none"),
    /** Linux bubblewrap: fresh namespaces, read-only system binds, no network. */
    BUBBLEWRAP("bubblewrap"),
    /** macOS {@code sandbox-exec} with a generated deny-by-default profile. */
    SEATBELT("seatbelt"),
    /** One container per child through the podman or docker CLI (see {@link ContainerPlanner}). */
    CONTAINER("container");

    private final String label;

    Isolation(String label) {
        this.label = label;
    }

    /** {@code "none"}, {@code "bubblewrap"}, {@code "seatbelt"} or {@code "container"}. */
    public String label() {
        return label;
    }

    /**
     * True when the child has a PID namespace of its own, so {@code kill(-1)} from R reaches only
     * the sandbox's processes (never the host's) and the runtime may end stray processes with it.
     */
    public boolean ownPidNamespace() {
        return this == BUBBLEWRAP || this == CONTAINER;
    }
}
