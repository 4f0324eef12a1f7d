package io.securer.engine.sandbox;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Whether this host lets securer put each child in a memory cgroup of its own, and where.
 * Immutable and thread-safe.
 *
 * @param version  the cgroup interface to use; null when unavailable
 * @param parent   the securer parent cgroup the children's cgroups are made in (it may not exist
 *                 yet); null when unavailable
 * @param ownerTag ends each child cgroup's name and names this JVM ({@code owner-<pid>-<start>}),
 *                 so that a later JVM can remove the cgroups of one that was killed
 * @param reason   why cgroups are unavailable, or {@code "ok"}
 */
public record CgroupSupport(CgroupVersion version, Path parent, String ownerTag, String reason) {

    public CgroupSupport {
        Objects.requireNonNull(ownerTag, "ownerTag");
        Objects.requireNonNull(reason, "reason");
        if ((version == null) != (parent == null)) {
            throw new IllegalArgumentException("version and parent go together");
        }
    }

    static CgroupSupport available(CgroupVersion version, Path parent, String ownerTag) {
        return new CgroupSupport(Objects.requireNonNull(version), Objects.requireNonNull(parent), ownerTag, "ok");
    }

    static CgroupSupport unavailable(String reason, String ownerTag) {
        return new CgroupSupport(null, null, ownerTag, reason);
    }

    public boolean available() {
        return version != null;
    }
}
