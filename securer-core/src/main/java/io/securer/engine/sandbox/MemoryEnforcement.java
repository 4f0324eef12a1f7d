package io.securer.engine.sandbox;

/**
 * What enforces a child's memory limit. Immutable and thread-safe. {@link #label()} is the
 * lower-case name used in {@code toString()} output and logs.
 */
public enum MemoryEnforcement {
    /** No memory limit. */
    NONE("none"),
    /**
     * A memory cgroup caps the resident memory of the whole sandbox (every process in it, and
     * what they keep in the in-memory {@code /tmp}); the kernel's OOM killer acts at the limit.
     */
    CGROUP("cgroup"),
    /**
     * Only RLIMIT_AS: each process's address space is capped, so an allocation past it fails
     * inside R, but mappings count whether used or not, and each forked process gets its own.
     */
    RLIMIT("rlimit");

    private final String label;

    MemoryEnforcement(String label) {
        this.label = label;
    }

    /** {@code "none"}, {@code "cgroup"} or {@code "rlimit"}. */
    public String label() {
        return label;
    }
}
