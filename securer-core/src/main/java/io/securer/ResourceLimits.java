package io.securer;

import io.securer.engine.sandbox.ProcessLimits;
import java.util.Objects;

/**
 * Kernel resource limits for the child. Each is null when unlimited. Immutable and thread-safe;
 * invalid values are rejected when built.
 *
 * <ul>
 *   <li>{@code cpuSeconds}: CPU time over the child's lifetime (RLIMIT_CPU; a killed child is
 *       replaced with a fresh budget).</li>
 *   <li>{@code memoryBytes}: memory of the child. On Linux hosts that allow it (root, or a delegated
 *       cgroup v2 subtree) a memory cgroup caps the resident memory of the whole sandbox, and the
 *       address-space limit (RLIMIT_AS) is set to four times this, at least 2 GiB, only to stop
 *       absurd single allocations. Elsewhere it is RLIMIT_AS itself, per process. The session's
 *       {@link SecureSession#memoryLimitMode()} says which applies.</li>
 *   <li>{@code fileSizeBytes}: largest file the child may write (RLIMIT_FSIZE).</li>
 *   <li>{@code maxProcesses}: processes of the sandbox (RLIMIT_NPROC).</li>
 *   <li>{@code maxOpenFiles}: open file descriptors (RLIMIT_NOFILE; at least {@value #MIN_OPEN_FILES}).</li>
 *   <li>{@code stackBytes}: stack size (RLIMIT_STACK).</li>
 * </ul>
 */
public final class ResourceLimits {
    private static final long MIB = 1024L * 1024L;
    /** R 4.2 refuses to start with fewer open files (about 167). */
    public static final long MIN_OPEN_FILES = 200;
    private static final ResourceLimits NONE = builder().build();
    /**
     * The default memory limit, 1 GiB. Measured in a sandbox's cgroup: an {@code lm} with a 26-level
     * factor on a 1e6-row, 5-column data frame peaks near 650–700 MiB, ggplot2 drawing 1e5 points
     * near 150 MiB (1e6 points: 390 MiB). That leaves room for the in-memory {@code /tmp}, which a
     * cgroup counts too, while a pool of sessions stays affordable.
     */
    public static final long DEFAULT_MEMORY_BYTES = 1024 * MIB;
    private static final ResourceLimits DEFAULTS = builder().cpuSeconds(60).memoryBytes(DEFAULT_MEMORY_BYTES)
            .fileSizeBytes(50 * MIB).maxProcesses(50).maxOpenFiles(256).build();

    private final Long cpuSeconds;
    private final Long memoryBytes;
    private final Long fileSizeBytes;
    private final Long maxProcesses;
    private final Long maxOpenFiles;
    private final Long stackBytes;

    private ResourceLimits(Builder b) {
        cpuSeconds = positive("cpuSeconds", b.cpuSeconds);
        memoryBytes = positive("memoryBytes", b.memoryBytes);
        fileSizeBytes = positive("fileSizeBytes", b.fileSizeBytes);
        maxProcesses = positive("maxProcesses", b.maxProcesses);
        maxOpenFiles = positive("maxOpenFiles", b.maxOpenFiles);
        stackBytes = positive("stackBytes", b.stackBytes);
        if (memoryBytes != null && memoryBytes < 64 * MIB) {
            throw new IllegalArgumentException("memoryBytes must be at least 64 MiB (R cannot start below that), got "
                    + memoryBytes);
        }
        if (maxOpenFiles != null && maxOpenFiles < MIN_OPEN_FILES) {
            throw new IllegalArgumentException("maxOpenFiles must be at least " + MIN_OPEN_FILES
                    + " (R refuses to start with fewer), got " + maxOpenFiles);
        }
    }

    private static Long positive(String name, Long value) {
        if (value != null && value <= 0) {
            throw new IllegalArgumentException(name + " must be positive, got " + value);
        }
        return value;
    }

    /** 60 CPU seconds, 1 GiB of memory, 50 MiB files, 50 processes, 256 open files, default stack. */
    public static ResourceLimits defaults() {
        return DEFAULTS;
    }

    /** No limit at all. */
    public static ResourceLimits none() {
        return NONE;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder pre-filled with these limits. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.cpuSeconds = cpuSeconds;
        b.memoryBytes = memoryBytes;
        b.fileSizeBytes = fileSizeBytes;
        b.maxProcesses = maxProcesses;
        b.maxOpenFiles = maxOpenFiles;
        b.stackBytes = stackBytes;
        return b;
    }

    public Long cpuSeconds() {
        return cpuSeconds;
    }

    public Long memoryBytes() {
        return memoryBytes;
    }

    public Long fileSizeBytes() {
        return fileSizeBytes;
    }

    public Long maxProcesses() {
        return maxProcesses;
    }

    public Long maxOpenFiles() {
        return maxOpenFiles;
    }

    public Long stackBytes() {
        return stackBytes;
    }

    /** True when no limit is set. */
    public boolean isEmpty() {
        return equals(NONE);
    }

    ProcessLimits toProcessLimits() {
        return new ProcessLimits(cpuSeconds, memoryBytes, fileSizeBytes, maxProcesses, maxOpenFiles, stackBytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ResourceLimits r && Objects.equals(cpuSeconds, r.cpuSeconds)
                && Objects.equals(memoryBytes, r.memoryBytes) && Objects.equals(fileSizeBytes, r.fileSizeBytes)
                && Objects.equals(maxProcesses, r.maxProcesses) && Objects.equals(maxOpenFiles, r.maxOpenFiles)
                && Objects.equals(stackBytes, r.stackBytes);
    }

    @Override
    public int hashCode() {
        return Objects.hash(cpuSeconds, memoryBytes, fileSizeBytes, maxProcesses, maxOpenFiles, stackBytes);
    }

    @Override
    public String toString() {
        return "ResourceLimits[cpuSeconds=" + cpuSeconds + ", memoryBytes=" + memoryBytes + ", fileSizeBytes="
                + fileSizeBytes + ", maxProcesses=" + maxProcesses + ", maxOpenFiles=" + maxOpenFiles
                + ", stackBytes=" + stackBytes + "]";
    }

    /** Builds limits: every limit left unset stays unlimited. Not thread-safe. */
    public static final class Builder {
        private Long cpuSeconds;
        private Long memoryBytes;
        private Long fileSizeBytes;
        private Long maxProcesses;
        private Long maxOpenFiles;
        private Long stackBytes;

        private Builder() {
        }

        public Builder cpuSeconds(long v) {
            cpuSeconds = v;
            return this;
        }

        public Builder memoryBytes(long v) {
            memoryBytes = v;
            return this;
        }

        public Builder fileSizeBytes(long v) {
            fileSizeBytes = v;
            return this;
        }

        public Builder maxProcesses(long v) {
            maxProcesses = v;
            return this;
        }

        public Builder maxOpenFiles(long v) {
            maxOpenFiles = v;
            return this;
        }

        public Builder stackBytes(long v) {
            stackBytes = v;
            return this;
        }

        /** @throws IllegalArgumentException when a value is out of range */
        public ResourceLimits build() {
            return new ResourceLimits(this);
        }
    }
}
