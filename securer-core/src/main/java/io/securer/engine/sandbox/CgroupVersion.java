package io.securer.engine.sandbox;

import java.util.List;

/**
 * The two kernel interfaces to memory cgroups, and the file names each uses for what securer
 * reads and writes. Immutable and thread-safe.
 */
public enum CgroupVersion {
    /**
     * cgroup v1: the memory controller has a hierarchy of its own (usually
     * {@code /sys/fs/cgroup/memory}); only root may create cgroups in it.
     */
    V1("v1", "memory.limit_in_bytes", "memory.oom_control", "memory.max_usage_in_bytes"),
    /**
     * cgroup v2: one unified hierarchy; a cgroup has {@code memory.max} when its parent enables the
     * memory controller for its children ({@code cgroup.subtree_control}). Usable by root, or by a
     * user the subtree was delegated to.
     */
    V2("v2", "memory.max", "memory.events", "memory.peak");

    /** Where processes are moved in (both versions). */
    public static final String PROCS = "cgroup.procs";

    private final String label;
    private final String limitFile;
    private final String eventsFile;
    private final String peakFile;

    CgroupVersion(String label, String limitFile, String eventsFile, String peakFile) {
        this.label = label;
        this.limitFile = limitFile;
        this.eventsFile = eventsFile;
        this.peakFile = peakFile;
    }

    /** {@code "v1"} or {@code "v2"}. */
    public String label() {
        return label;
    }

    /** The file holding the memory limit: {@code memory.limit_in_bytes} or {@code memory.max}. */
    public String limitFile() {
        return limitFile;
    }

    /**
     * The file with the {@code oom_kill} counter (kills by the OOM killer in this cgroup):
     * {@code memory.oom_control} (v1, kernel 4.13 and later) or {@code memory.events} (v2).
     */
    public String eventsFile() {
        return eventsFile;
    }

    /**
     * The high-water mark of the cgroup's memory use: {@code memory.max_usage_in_bytes} (v1) or
     * {@code memory.peak} (v2, kernel 5.19 and later).
     */
    public String peakFile() {
        return peakFile;
    }

    /**
     * What to write, in order, to cap a cgroup at {@code limitBytes}. The swap setting comes after
     * the memory limit (v1 refuses a memory+swap limit below the memory limit), and only applies
     * where the kernel accounts swap (the file exists); it keeps swap from stretching the cap.
     */
    public List<CgroupSetting> limitSettings(long limitBytes) {
        String bytes = Long.toString(limitBytes);
        return switch (this) {
            case V1 -> List.of(new CgroupSetting(limitFile, bytes, true),
                    new CgroupSetting("memory.memsw.limit_in_bytes", bytes, false));
            case V2 -> List.of(new CgroupSetting(limitFile, bytes, true),
                    new CgroupSetting("memory.swap.max", "0", false));
        };
    }

    /**
     * One value to write into a cgroup file.
     *
     * @param file     the file name inside the cgroup directory
     * @param value    what to write
     * @param required false when the file may be absent (then the setting is skipped)
     */
    public record CgroupSetting(String file, String value, boolean required) {
    }
}
