package io.securer;

/**
 * Kernel resource limits (setrlimit) applied to the child R process before R starts. Each
 * component is null when that limit is not set (the child inherits the host's value).
 *
 * <p>Immutable and thread-safe. Values are validated at construction: every set value must be
 * positive. Note that root ignores {@code RLIMIT_NPROC}; with the bubblewrap sandbox the child
 * runs as an unprivileged user so that {@link #maxProcesses()} holds even when the host is root.
 *
 * @param cpuSeconds    CPU time in seconds (RLIMIT_CPU); the kernel kills the child past it
 * @param memoryBytes   virtual address space in bytes (RLIMIT_AS)
 * @param fileSizeBytes largest file the child may write, in bytes (RLIMIT_FSIZE)
 * @param maxProcesses  processes/threads for the child's user (RLIMIT_NPROC)
 * @param maxOpenFiles  open file descriptors (RLIMIT_NOFILE)
 * @param stackBytes    stack size in bytes (RLIMIT_STACK)
 */
public record ResourceLimits(Long cpuSeconds, Long memoryBytes, Long fileSizeBytes,
                             Long maxProcesses, Long maxOpenFiles, Long stackBytes) {

    private static final long MIB = 1024L * 1024L;
    /** Fewest open files R can start with (plus room for the IPC socket). */
    public static final long MIN_OPEN_FILES = 200;
    private static final ResourceLimits NONE = new ResourceLimits(null, null, null, null, null, null);
    private static final ResourceLimits DEFAULTS =
            new ResourceLimits(60L, 512 * MIB, 50 * MIB, 50L, 256L, null);

    public ResourceLimits {
        positive("cpuSeconds", cpuSeconds);
        positive("memoryBytes", memoryBytes);
        positive("fileSizeBytes", fileSizeBytes);
        positive("maxProcesses", maxProcesses);
        positive("maxOpenFiles", maxOpenFiles);
        positive("stackBytes", stackBytes);
        if (memoryBytes != null && memoryBytes < 64 * MIB) {
            throw new IllegalArgumentException("memoryBytes must be at least 64 MiB (R cannot start below that), got " + memoryBytes);
        }
        if (maxOpenFiles != null && maxOpenFiles < MIN_OPEN_FILES) {
            // R 4.2 refuses to start below ~167 ("the limit on the number of open files is too low").
            throw new IllegalArgumentException("maxOpenFiles must be at least " + MIN_OPEN_FILES
                    + " (R refuses to start with fewer), got " + maxOpenFiles);
        }
    }

    private static void positive(String name, Long value) {
        if (value != null && value <= 0) {
            throw new IllegalArgumentException(name + " must be positive, got " + value);
        }
    }

    /** 60 CPU seconds, 512 MiB address space, 50 MiB files, 50 processes, 256 open files; stack inherited. */
    public static ResourceLimits defaults() {
        return DEFAULTS;
    }

    /** No limits at all (also turns off the defaults a sandboxed session would get). */
    public static ResourceLimits none() {
        return NONE;
    }

    /** True when no limit is set. */
    public boolean isEmpty() {
        return equals(NONE);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builds limits from scratch: every limit left unset stays unlimited. */
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
            return new ResourceLimits(cpuSeconds, memoryBytes, fileSizeBytes, maxProcesses, maxOpenFiles, stackBytes);
        }
    }
}
