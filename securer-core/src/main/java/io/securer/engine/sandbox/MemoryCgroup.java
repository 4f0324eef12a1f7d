package io.securer.engine.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns one child's memory cgroup: {@link #create} makes the directory and writes the limit before
 * the child starts (the launch wrapper then moves itself in, so every process of the sandbox is
 * inside); {@link #close()} removes it once the child's processes are gone, killing any that are
 * left. While it exists it reports the OOM killer's kills and the peak memory use.
 *
 * <p>The cgroup's name ends with the owning JVM's tag ({@code owner-<pid>-<start millis>}). A JVM
 * that was killed cannot remove its cgroups, so each {@link #create} first removes those of JVMs
 * that are gone, as {@code StaleSessionDirs} does for session directories.
 *
 * <p>Thread-safe; {@link #close()} is idempotent and may be called from any thread. A failed
 * {@link #create} leaves nothing behind.
 */
public final class MemoryCgroup implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MemoryCgroup.class);
    private static final Pattern OWNER = Pattern.compile(".*\\.owner-(\\d+)-(\\d+)$");
    private static final String OWN_TAG = ownerTag();
    /** How long {@link #close()} waits for the cgroup to empty before it gives up. */
    private static final long REMOVE_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(10);
    /** How long processes get to leave on their own (the tree was just killed) before they are killed here. */
    private static final long GRACE_NANOS = TimeUnit.MILLISECONDS.toNanos(500);

    private final CgroupPlan plan;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile long oomKillsAtClose = -1;

    private MemoryCgroup(CgroupPlan plan) {
        this.plan = plan;
    }

    /**
     * Makes the cgroup (and its parent when missing) and writes the limit. Removes the cgroups of
     * killed JVMs first.
     *
     * @throws IOException when the directory cannot be made or a required limit cannot be written;
     *                     nothing is left behind
     */
    public static MemoryCgroup create(CgroupPlan plan) throws IOException {
        sweep(plan.parent());
        makeDirectory(plan);
        MemoryCgroup cgroup = new MemoryCgroup(plan);
        try {
            for (CgroupVersion.CgroupSetting s : plan.settings()) {
                Path file = plan.dir().resolve(s.file());
                if (!s.required() && !Files.exists(file)) {
                    continue;
                }
                write(file, s.value());
            }
            return cgroup;
        } catch (IOException | RuntimeException e) {
            try {
                cgroup.close();
            } catch (RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    /**
     * Creates the directory. Another JVM removing the (then empty) parent at the same moment
     * makes the directory vanish from under us: that is retried.
     */
    private static void makeDirectory(CgroupPlan plan) throws IOException {
        for (int attempt = 1; ; attempt++) {
            ensureParent(plan);
            try {
                Files.createDirectory(plan.dir());
                return;
            } catch (NoSuchFileException e) {
                if (attempt == 3) {
                    throw e;
                }
            } catch (FileAlreadyExistsException e) {
                throw new FileAlreadyExistsException(plan.dir().toString(), null,
                        "a cgroup of that name already exists");
            }
        }
    }

    private static void ensureParent(CgroupPlan plan) throws IOException {
        Path parent = plan.parent();
        Files.createDirectories(parent);
        if (plan.version() == CgroupVersion.V2) {
            // In v2 the children only get memory.max when their parent hands the controller down.
            Path control = parent.resolve("cgroup.subtree_control");
            if (!Files.readString(control, StandardCharsets.US_ASCII).contains("memory")) {
                write(control, "+memory");
            }
        }
    }

    public CgroupPlan plan() {
        return plan;
    }

    /**
     * How many processes the kernel's OOM killer has killed in this cgroup (0 when the kernel
     * does not count them: v1 before Linux 4.13). After {@link #close()}: the count just before
     * the cgroup was removed.
     */
    public long oomKills() {
        if (closed.get()) {
            return Math.max(0, oomKillsAtClose);
        }
        return readOomKills();
    }

    private long readOomKills() {
        return counter(plan.dir().resolve(plan.version().eventsFile()), "oom_kill").orElse(0);
    }

    /** The highest memory use seen so far, where the kernel records it; empty after {@link #close()}. */
    public OptionalLong peakBytes() {
        if (closed.get()) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(Files.readString(plan.dir().resolve(plan.version().peakFile()),
                    StandardCharsets.US_ASCII).strip()));
        } catch (IOException | NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    /**
     * Removes the cgroup once it is empty: its processes were just killed, so they get a moment
     * to exit; any still there after that (e.g. a daemon that left the process tree of an
     * unsandboxed child) are killed. Then removes the parent if no other cgroup is in it.
     *
     * @throws UncheckedIOException when the cgroup could not be removed within 10 s
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        oomKillsAtClose = readOomKills();
        try {
            remove(plan.dir(), plan.version());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the memory cgroup " + plan.dir() + ": " + e.getMessage(), e);
        }
        removeIfEmpty(plan.parent());
    }

    /** Removes {@code dir}, waiting (bounded) for its processes to leave and killing stragglers. */
    static void remove(Path dir, CgroupVersion version) throws IOException {
        long start = System.nanoTime();
        long pause = 1;
        boolean killed = false;
        while (true) {
            try {
                Files.delete(dir);
                return;
            } catch (NoSuchFileException e) {
                return;
            } catch (IOException e) {
                long waited = System.nanoTime() - start;
                if (waited > REMOVE_TIMEOUT_NANOS) {
                    throw new IOException(e.getMessage() + "; still in it: " + members(dir), e);
                }
                if (!killed && waited > GRACE_NANOS) {
                    killMembers(dir, version);
                    killed = true;
                }
            }
            // The kernel offers no event for "cgroup became empty" that works on v1 and v2 alike;
            // processes that were just sent SIGKILL are gone within milliseconds, so poll briefly.
            try {
                TimeUnit.MILLISECONDS.sleep(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for the processes in " + dir + " to exit", e);
            }
            pause = Math.min(pause * 2, 50);
        }
    }

    /** Kills every process still in {@code dir}: v2's cgroup.kill where the kernel has it, else one by one. */
    private static void killMembers(Path dir, CgroupVersion version) {
        Path kill = dir.resolve("cgroup.kill");
        if (version == CgroupVersion.V2 && Files.exists(kill)) {
            try {
                write(kill, "1");
                return;
            } catch (IOException e) {
                LOG.debug("cannot write {}: {}", kill, e.toString());
            }
        }
        String suffix = "/" + dir.getParent().getFileName() + "/" + dir.getFileName();
        for (long pid : members(dir)) {
            // The handle pins the process's start time, so a pid reused after the check below is
            // never killed; the check makes sure the process is still in this cgroup.
            Optional<ProcessHandle> h = ProcessHandle.of(pid);
            if (h.isPresent() && inCgroup(pid, suffix)) {
                LOG.debug("killing pid {} left in memory cgroup {}", pid, dir);
                h.get().destroyForcibly();
            }
        }
    }

    private static boolean inCgroup(long pid, String suffix) {
        try {
            return Files.readAllLines(Path.of("/proc", Long.toString(pid), "cgroup"), StandardCharsets.US_ASCII)
                    .stream().anyMatch(l -> l.endsWith(suffix));
        } catch (IOException e) {
            return false;
        }
    }

    /** The pids in a cgroup (empty when it cannot be read). */
    static List<Long> members(Path dir) {
        try {
            return Files.readAllLines(dir.resolve(CgroupVersion.PROCS), StandardCharsets.US_ASCII).stream()
                    .map(String::strip).filter(s -> !s.isEmpty()).map(Long::parseLong).toList();
        } catch (IOException | NumberFormatException e) {
            return List.of();
        }
    }

    private static void removeIfEmpty(Path parent) {
        try {
            Files.delete(parent);
        } catch (IOException e) {
            // not empty (another session's cgroup is in it), already gone, or not ours to remove
        }
    }

    /**
     * Removes the cgroups in {@code parent} whose owning JVM no longer runs, with any process
     * still in them; returns how many. Failures are only logged.
     */
    public static int sweep(Path parent) {
        int removed = 0;
        if (!Files.isDirectory(parent)) {
            return 0;
        }
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(parent, Files::isDirectory)) {
            for (Path dir : dirs) {
                if (ownerGone(dir.getFileName().toString())) {
                    try {
                        remove(dir, Files.exists(dir.resolve("cgroup.controllers")) ? CgroupVersion.V2 : CgroupVersion.V1);
                        removed++;
                    } catch (IOException e) {
                        LOG.warn("cannot remove the stale memory cgroup {}: {}", dir, e.getMessage());
                    }
                }
            }
        } catch (IOException e) {
            LOG.debug("cannot scan {} for stale memory cgroups: {}", parent, e.toString());
        }
        if (removed > 0) {
            LOG.info("removed {} memory cgroup{} left by JVMs that were killed", removed, removed == 1 ? "" : "s");
            removeIfEmpty(parent);
        }
        return removed;
    }

    /** True when {@code name} carries an owner tag whose JVM is not running any more. */
    static boolean ownerGone(String name) {
        if (name.endsWith("." + OWN_TAG)) {
            return false; // this JVM's: no need to ask the kernel
        }
        Matcher m = OWNER.matcher(name);
        if (!m.matches()) {
            return false; // not ours to judge
        }
        long pid;
        long started;
        try {
            pid = Long.parseLong(m.group(1));
            started = Long.parseLong(m.group(2));
        } catch (NumberFormatException e) {
            return false;
        }
        Optional<ProcessHandle> h = ProcessHandle.of(pid);
        if (h.isEmpty() || !h.get().isAlive()) {
            return true;
        }
        // The pid may have been reused by another process: compare start times (0: unknown).
        long actual = startMillis(h.get());
        return started != 0 && actual != 0 && actual != started;
    }

    /** This JVM's tag: {@code owner-<pid>-<start millis>}. */
    static String ownerTag() {
        ProcessHandle me = ProcessHandle.current();
        return "owner-" + me.pid() + "-" + startMillis(me);
    }

    private static long startMillis(ProcessHandle h) {
        return h.info().startInstant().map(java.time.Instant::toEpochMilli).orElse(0L);
    }

    /** The number after {@code key} in a "key value" per line file (memory.events, memory.oom_control). */
    static OptionalLong counter(Path file, String key) {
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.US_ASCII)) {
                String[] kv = line.strip().split("\\s+");
                if (kv.length == 2 && kv[0].equals(key)) {
                    return OptionalLong.of(Long.parseLong(kv[1]));
                }
            }
        } catch (IOException | NumberFormatException e) {
            LOG.debug("cannot read {} from {}: {}", key, file, e.toString());
        }
        return OptionalLong.empty();
    }

    private static void write(Path file, String value) throws IOException {
        Files.writeString(file, value, StandardCharsets.US_ASCII, StandardOpenOption.WRITE);
    }

    @Override
    public String toString() {
        return "MemoryCgroup[" + plan.dir() + ", " + plan.version().label() + ", limit " + MemoryPlan.format(plan.limitBytes())
                + "]";
    }
}
