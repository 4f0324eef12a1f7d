package io.securer.engine.sandbox;

/**
 * Per-process resource limits as the launch wrappers apply them ({@code prlimit}, {@code ulimit});
 * each null means "not limited". The public API's {@code ResourceLimits} is translated into this
 * so that sandbox planning depends on nothing above it. Immutable.
 *
 * @param cpuSeconds    RLIMIT_CPU
 * @param memoryBytes   the memory limit: a memory cgroup's where the host allows one (RLIMIT_AS then
 *                      gets {@link SandboxPlanner#addressSpaceWithCgroup a generous value}), else
 *                      RLIMIT_AS (address space); the launch wrappers apply it as RLIMIT_AS
 * @param fileSizeBytes RLIMIT_FSIZE
 * @param maxProcesses  RLIMIT_NPROC
 * @param maxOpenFiles  RLIMIT_NOFILE
 * @param stackBytes    RLIMIT_STACK
 */
public record ProcessLimits(Long cpuSeconds, Long memoryBytes, Long fileSizeBytes, Long maxProcesses,
                            Long maxOpenFiles, Long stackBytes) {
    /** No limit at all. */
    public static final ProcessLimits NONE = new ProcessLimits(null, null, null, null, null, null);

    /** These limits with {@code memoryBytes} replaced. */
    public ProcessLimits withMemoryBytes(Long bytes) {
        return new ProcessLimits(cpuSeconds, bytes, fileSizeBytes, maxProcesses, maxOpenFiles, stackBytes);
    }

    /** These limits with {@code maxProcesses} replaced. */
    public ProcessLimits withMaxProcesses(Long count) {
        return new ProcessLimits(cpuSeconds, memoryBytes, fileSizeBytes, count, maxOpenFiles, stackBytes);
    }

    /** True when nothing is limited. */
    public boolean isEmpty() {
        return equals(NONE);
    }
}
