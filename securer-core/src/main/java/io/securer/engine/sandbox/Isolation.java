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
    SEATBELT("seatbelt");

    private final String label;

    Isolation(String label) {
        this.label = label;
    }

    /** {@code "none"}, {@code "bubblewrap"} or {@code "seatbelt"}. */
    public String label() {
        return label;
    }
}
