package io.securer;

import io.securer.engine.sandbox.MemoryEnforcement;

/**
 * What enforces a session's memory limit ({@link ResourceLimits#memoryBytes()}) on this host.
 * Immutable and thread-safe. {@link #label()} is the lower-case name used in {@code toString()}
 * output. See {@link SecureSession#memoryLimitMode()}.
 */
public enum MemoryLimitMode {
    /** No memory limit is set ({@code memoryBytes} is null), or limits are not applied (Windows). */
    NONE("none"),
    /**
     * A memory cgroup of the child's own caps the resident memory of the whole sandbox: R, every
     * process it starts, and the files it keeps in its in-memory {@code /tmp}. At the limit the
     * kernel's OOM killer ends R; the session is restarted and the exception says that memory ran
     * out. The address-space rlimit is then generous (four times the limit, at least 2 GiB).
     * Linux, when the JVM runs as root or may write a delegated cgroup v2 subtree; and always with
     * the container backend, whose engine makes the container's cgroup ({@code --memory}; no
     * address-space limit there).
     */
    CGROUP("cgroup"),
    /**
     * Only the address-space rlimit (RLIMIT_AS) of each process: an allocation past it fails inside
     * R ("cannot allocate vector of size …") and the session keeps its state. R maps far more
     * address space than it uses, so large data and ggplot2 fail well below {@code memoryBytes} of
     * real memory, and every process R forks gets its own allowance. The fallback where no cgroup
     * can be had, and always on macOS.
     */
    RLIMIT("rlimit");

    private final String label;

    MemoryLimitMode(String label) {
        this.label = label;
    }

    /** {@code "none"}, {@code "cgroup"} or {@code "rlimit"}. */
    public String label() {
        return label;
    }

    static MemoryLimitMode of(MemoryEnforcement enforcement) {
        return switch (enforcement) {
            case NONE -> NONE;
            case CGROUP -> CGROUP;
            case RLIMIT -> RLIMIT;
        };
    }
}
