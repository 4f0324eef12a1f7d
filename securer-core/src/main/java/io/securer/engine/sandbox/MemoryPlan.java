package io.securer.engine.sandbox;

import java.util.Objects;

/**
 * How one child's memory is limited: by a memory cgroup (then the address-space rlimit is only a
 * generous backstop), by the address-space rlimit alone, or not at all. Immutable and thread-safe.
 *
 * @param enforcement       what enforces {@code limitBytes}
 * @param limitBytes        the memory limit the caller asked for; null with {@link MemoryEnforcement#NONE}
 * @param addressSpaceBytes RLIMIT_AS as applied; null when none is set
 * @param cgroup            the cgroup securer creates; with {@link MemoryEnforcement#CGROUP} only, and
 *                          null there when the container engine makes and owns the cgroup
 * @param whyNoCgroup       why a limit is enforced by the rlimit alone (e.g. the cgroup probe's
 *                          reason); non-null exactly with {@link MemoryEnforcement#RLIMIT}
 */
public record MemoryPlan(MemoryEnforcement enforcement, Long limitBytes, Long addressSpaceBytes, CgroupPlan cgroup,
                         String whyNoCgroup) {

    private static final long KIB = 1024L;
    /** No memory limit. */
    public static final MemoryPlan NONE = new MemoryPlan(MemoryEnforcement.NONE, null, null, null, null);

    public MemoryPlan {
        Objects.requireNonNull(enforcement, "enforcement");
        if ((enforcement == MemoryEnforcement.NONE) != (limitBytes == null)) {
            throw new IllegalArgumentException("limitBytes must be set exactly when a limit is enforced");
        }
        if (cgroup != null && enforcement != MemoryEnforcement.CGROUP) {
            throw new IllegalArgumentException("a cgroup goes with CGROUP enforcement only");
        }
        if ((enforcement == MemoryEnforcement.RLIMIT) != (whyNoCgroup != null)) {
            throw new IllegalArgumentException("whyNoCgroup must be set exactly with RLIMIT enforcement");
        }
        if (cgroup != null && cgroup.limitBytes() != limitBytes) {
            throw new IllegalArgumentException("the cgroup's limit must be limitBytes");
        }
    }

    /** The limit enforced by RLIMIT_AS alone, because no cgroup can be had ({@code why}). */
    public static MemoryPlan rlimit(long limitBytes, String why) {
        return new MemoryPlan(MemoryEnforcement.RLIMIT, limitBytes, limitBytes, null, Objects.requireNonNull(why, "why"));
    }

    /**
     * The limit enforced by the container engine's cgroup ({@code --memory}): no cgroup of securer's
     * own, no address-space limit.
     */
    public static MemoryPlan containerEngine(long limitBytes) {
        return new MemoryPlan(MemoryEnforcement.CGROUP, limitBytes, null, null, null);
    }

    /** The limit enforced by {@code cgroup}, with {@code addressSpaceBytes} (or none) as RLIMIT_AS. */
    public static MemoryPlan cgroup(CgroupPlan cgroup, Long addressSpaceBytes) {
        return new MemoryPlan(MemoryEnforcement.CGROUP, cgroup.limitBytes(), addressSpaceBytes, cgroup, null);
    }

    /**
     * The limit and what enforces it, for messages: {@code "1 GiB (memory cgroup)"},
     * {@code "512 MiB (address space per process, RLIMIT_AS)"} or {@code "none"}.
     */
    public String describe() {
        return switch (enforcement) {
            case NONE -> "none";
            case CGROUP -> format(limitBytes) + (cgroup == null ? " (the container's memory cgroup)" : " (memory cgroup)");
            case RLIMIT -> format(limitBytes) + " (address space per process, RLIMIT_AS)";
        };
    }

    /** {@code 1 GiB}, {@code 1.5 GiB}, {@code 512 MiB}, {@code 64 KiB} or {@code 1000 bytes}. */
    public static String format(long bytes) {
        String[] units = {"bytes", "KiB", "MiB", "GiB", "TiB"};
        double value = bytes;
        int unit = 0;
        while (value >= KIB && unit < units.length - 1) {
            value /= KIB;
            unit++;
        }
        if (unit == 0) {
            return bytes + " bytes";
        }
        return (value == Math.rint(value) ? Long.toString((long) value)
                : String.format(java.util.Locale.ROOT, "%.1f", value)) + " " + units[unit];
    }
}
