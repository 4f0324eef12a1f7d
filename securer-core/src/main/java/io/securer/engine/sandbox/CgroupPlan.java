package io.securer.engine.sandbox;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * The memory cgroup one child runs in: which interface, which directory, which limit. Planned by
 * {@link SandboxPlanner}, made real by {@link MemoryCgroup#create}. Immutable and thread-safe.
 *
 * @param version    cgroup v1 or v2
 * @param dir        the child's own cgroup directory (absent until created); its parent is the
 *                   securer parent cgroup, shared by every session of every JVM on the host
 * @param limitBytes the memory limit
 */
public record CgroupPlan(CgroupVersion version, Path dir, long limitBytes) {

    public CgroupPlan {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(dir, "dir");
        if (!dir.isAbsolute() || dir.getParent() == null) {
            throw new IllegalArgumentException("dir must be an absolute path below a parent cgroup, got " + dir);
        }
        if (limitBytes <= 0) {
            throw new IllegalArgumentException("limitBytes must be positive, got " + limitBytes);
        }
    }

    /** The parent cgroup the child's cgroup is made in. */
    public Path parent() {
        return dir.getParent();
    }

    /** The file the launch wrapper writes its own pid to, before anything else starts. */
    public Path procs() {
        return dir.resolve(CgroupVersion.PROCS);
    }

    /** What is written into the cgroup, in order, before the child starts. */
    public List<CgroupVersion.CgroupSetting> settings() {
        return version.limitSettings(limitBytes);
    }
}
