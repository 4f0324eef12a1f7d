package io.securer.engine.sandbox;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds out once per JVM whether children can get memory cgroups of their own, and where:
 *
 * <ul>
 *   <li>cgroup v1 with the memory controller mounted (usually {@code /sys/fs/cgroup/memory}) and
 *       writable, which in practice means root: the parent is {@code <mount>/securer};</li>
 *   <li>cgroup v2: the top of the hierarchy when it is writable (root), else the parent of the
 *       JVM's own cgroup when that subtree was delegated to this user (writable, with the memory
 *       controller enabled for its children): the parent is {@code <that cgroup>/securer};</li>
 *   <li>the system property {@value #PROPERTY}: {@code auto} (the default, as above), {@code off},
 *       or the absolute path of an existing cgroup directory to use as the parent itself (e.g. one
 *       inside the application's own systemd service or container cgroup).</li>
 * </ul>
 * The verdict is then tested for real by making (and removing) a cgroup with a limit in the
 * parent. A v1 memory controller wins over v2: the kernel binds each controller to one hierarchy.
 *
 * <p>Thread-safe. {@link #probe()} detects at most once per JVM and caches the answer.
 */
public final class MemoryCgroupProbe {
    /** System property: {@code auto}, {@code off}, or the absolute path of a parent cgroup. */
    public static final String PROPERTY = "securer.cgroup";
    /** The name of the parent cgroup securer makes at the top of the hierarchy it uses. */
    static final String PARENT_NAME = "securer";
    private static final Logger LOG = LoggerFactory.getLogger(MemoryCgroupProbe.class);
    private static final Object LOCK = new Object();
    private static volatile CgroupSupport cached;

    /** The few file questions detection asks; an interface so tests can describe a host. */
    interface CgroupFiles {
        boolean isDirectory(Path p);

        boolean isWritable(Path p);

        /** The file's text, or empty when it cannot be read. */
        Optional<String> read(Path p);
    }

    private MemoryCgroupProbe() {
    }

    /** The cached verdict for this JVM, detecting and testing on first use. */
    public static CgroupSupport probe() {
        CgroupSupport result = cached;
        if (result != null) {
            return result;
        }
        synchronized (LOCK) {
            if (cached == null) {
                String tag = MemoryCgroup.ownerTag();
                CgroupSupport found = detect(System.getProperty(PROPERTY), REAL.read(Path.of("/proc/self/mountinfo")).orElse(""),
                        REAL.read(Path.of("/proc/self/cgroup")).orElse(""), REAL, tag);
                cached = found.available() ? trial(found) : found;
                if (cached.available()) {
                    LOG.debug("memory cgroups ({}) under {}", cached.version().label(), cached.parent());
                } else {
                    LOG.debug("no memory cgroups: {}", cached.reason());
                }
            }
            return cached;
        }
    }

    /** Makes and removes one cgroup with a limit, as a child's would be. */
    private static CgroupSupport trial(CgroupSupport found) {
        CgroupPlan plan = new CgroupPlan(found.version(), found.parent().resolve("probe." + found.ownerTag()), 1L << 30);
        try (MemoryCgroup cgroup = MemoryCgroup.create(plan)) {
            return found;
        } catch (IOException | RuntimeException e) {
            return CgroupSupport.unavailable("cannot make a memory cgroup in " + found.parent() + " ("
                    + found.version().label() + "): " + e.getMessage(), found.ownerTag());
        }
    }

    /**
     * Decides from the system property's value, {@code /proc/self/mountinfo} and
     * {@code /proc/self/cgroup}; touches nothing.
     */
    static CgroupSupport detect(String setting, String mountinfo, String selfCgroup, CgroupFiles fs, String ownerTag) {
        String s = setting == null ? "" : setting.strip();
        if (s.equalsIgnoreCase("off") || s.equalsIgnoreCase("false")) {
            return CgroupSupport.unavailable("memory cgroups are turned off (-D" + PROPERTY + "=" + s + ")", ownerTag);
        }
        if (!s.isEmpty() && !s.equalsIgnoreCase("auto")) {
            return configured(s, fs, ownerTag);
        }
        Optional<Mount> v1 = Optional.empty();
        Optional<Mount> v2 = Optional.empty();
        for (String line : mountinfo.split("\n")) {
            Optional<Mount> m = Mount.parse(line);
            if (m.isEmpty()) {
                continue;
            }
            if (m.get().type().equals("cgroup") && m.get().superOptions().contains("memory") && v1.isEmpty()) {
                v1 = m;
            } else if (m.get().type().equals("cgroup2") && v2.isEmpty()) {
                v2 = m;
            }
        }
        if (v1.isPresent()) {
            Path base = v1.get().point();
            if (v1.get().readOnly()) {
                return CgroupSupport.unavailable("the cgroup v1 memory controller at " + base + " is mounted read-only",
                        ownerTag);
            }
            if (!fs.isWritable(base)) {
                return CgroupSupport.unavailable("the cgroup v1 memory controller at " + base
                        + " is not writable by this user (memory cgroups on cgroup v1 need root)", ownerTag);
            }
            return CgroupSupport.available(CgroupVersion.V1, base.resolve(PARENT_NAME), ownerTag);
        }
        if (v2.isPresent()) {
            return unified(v2.get(), selfCgroup, fs, ownerTag);
        }
        return CgroupSupport.unavailable("no cgroup memory controller is mounted (see /proc/self/mountinfo)", ownerTag);
    }

    private static CgroupSupport unified(Mount mount, String selfCgroup, CgroupFiles fs, String ownerTag) {
        if (mount.readOnly()) {
            return CgroupSupport.unavailable("the cgroup v2 hierarchy at " + mount.point() + " is mounted read-only",
                    ownerTag);
        }
        List<Path> candidates = new ArrayList<>();
        candidates.add(mount.point());
        String own = Arrays.stream(selfCgroup.split("\n")).filter(l -> l.startsWith("0::")).findFirst()
                .map(l -> l.substring(3).strip()).orElse("/");
        Path ownDir = mount.point().resolve(own.replaceFirst("^/+", ""));
        if (ownDir.getParent() != null && !ownDir.equals(mount.point()) && !ownDir.getParent().equals(mount.point())) {
            candidates.add(ownDir.getParent());
        }
        List<String> why = new ArrayList<>();
        for (Path c : candidates) {
            String problem = v2Problem(c, fs);
            if (problem == null) {
                return CgroupSupport.available(CgroupVersion.V2, c.resolve(PARENT_NAME), ownerTag);
            }
            why.add(c + " " + problem);
        }
        return CgroupSupport.unavailable("no writable cgroup v2 subtree with the memory controller: "
                + String.join("; ", why), ownerTag);
    }

    /** Why {@code dir} cannot hold securer's parent cgroup (v2), or null when it can. */
    private static String v2Problem(Path dir, CgroupFiles fs) {
        String controllers = fs.read(dir.resolve("cgroup.subtree_control")).orElse("");
        if (!Arrays.asList(controllers.strip().split("\\s+")).contains("memory")) {
            return "does not enable the memory controller for its children (cgroup.subtree_control)";
        }
        if (!fs.isWritable(dir) || !fs.isWritable(dir.resolve(CgroupVersion.PROCS))) {
            return "is not writable by this user (not root, and not delegated)";
        }
        return null;
    }

    private static CgroupSupport configured(String setting, CgroupFiles fs, String ownerTag) {
        String where = " (-D" + PROPERTY + "=" + setting + ")";
        Path dir = Path.of(setting);
        if (!dir.isAbsolute()) {
            return CgroupSupport.unavailable("the memory cgroup parent must be auto, off or an absolute path"
                    + where, ownerTag);
        }
        if (!fs.isDirectory(dir)) {
            return CgroupSupport.unavailable("the memory cgroup parent is not a directory" + where, ownerTag);
        }
        if (fs.read(dir.resolve(CgroupVersion.V1.limitFile())).isPresent()) {
            return fs.isWritable(dir) ? CgroupSupport.available(CgroupVersion.V1, dir, ownerTag)
                    : CgroupSupport.unavailable("the memory cgroup parent is not writable by this user" + where, ownerTag);
        }
        if (fs.read(dir.resolve("cgroup.controllers")).isPresent()) {
            String problem = v2Problem(dir, fs);
            return problem == null ? CgroupSupport.available(CgroupVersion.V2, dir, ownerTag)
                    : CgroupSupport.unavailable("the memory cgroup parent " + problem + where, ownerTag);
        }
        return CgroupSupport.unavailable("the memory cgroup parent is not a memory cgroup" + where, ownerTag);
    }

    /** One line of /proc/self/mountinfo: mount point, file system type, options. */
    record Mount(Path point, String type, boolean readOnly, List<String> superOptions) {
        static Optional<Mount> parse(String line) {
            int dash = line.indexOf(" - ");
            if (dash < 0) {
                return Optional.empty();
            }
            String[] pre = line.substring(0, dash).split(" ");
            String[] post = line.substring(dash + 3).split(" ");
            if (pre.length < 6 || post.length < 3) {
                return Optional.empty();
            }
            boolean ro = Arrays.asList(pre[5].split(",")).contains("ro");
            return Optional.of(new Mount(Path.of(unescape(pre[4])), post[0], ro, Arrays.asList(post[2].split(","))));
        }

        /** mountinfo writes space, tab, newline and backslash as octal escapes. */
        private static String unescape(String s) {
            StringBuilder out = new StringBuilder();
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c == '\\' && i + 3 < s.length() && s.substring(i + 1, i + 4).matches("[0-7]{3}")) {
                    out.append((char) Integer.parseInt(s.substring(i + 1, i + 4), 8));
                    i += 3;
                } else {
                    out.append(c);
                }
            }
            return out.toString();
        }
    }

    private static final CgroupFiles REAL = new CgroupFiles() {
        @Override
        public boolean isDirectory(Path p) {
            return Files.isDirectory(p);
        }

        @Override
        public boolean isWritable(Path p) {
            return Files.isWritable(p);
        }

        @Override
        public Optional<String> read(Path p) {
            try {
                return Optional.of(Files.readString(p, StandardCharsets.UTF_8));
            } catch (IOException e) {
                return Optional.empty();
            }
        }
    };
}
