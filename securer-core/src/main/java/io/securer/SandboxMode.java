package io.securer;

import io.securer.engine.sandbox.Isolation;

/**
 * How a session's child R process is confined. Immutable and thread-safe. {@link #label()} is the
 * lower-case name used in {@code toString()} output and the audit log.
 */
public enum SandboxMode {
    /** No OS sandbox: the child runs as a plain process (resource limits may still apply). */
    NONE("none"),
    /** Linux bubblewrap: fresh namespaces, read-only system binds, no network, a system call filter. */
    BUBBLEWRAP("bubblewrap"),
    /** macOS {@code sandbox-exec} with a generated deny-by-default profile. */
    SEATBELT("seatbelt"),
    /** One container per child through podman or docker ({@link Sandbox#container(ContainerImage)}). */
    CONTAINER("container");

    private final String label;

    SandboxMode(String label) {
        this.label = label;
    }

    /** {@code "none"}, {@code "bubblewrap"}, {@code "seatbelt"} or {@code "container"}. */
    public String label() {
        return label;
    }

    static SandboxMode of(Isolation isolation) {
        return switch (isolation) {
            case NONE -> NONE;
            case BUBBLEWRAP -> BUBBLEWRAP;
            case SEATBELT -> SEATBELT;
            case CONTAINER -> CONTAINER;
        };
    }
}
