package io.securer.engine;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Session directories carry an {@code owner} file naming the JVM (pid and start time) that made
 * them. A JVM that was killed cannot remove its directories, so the next JVM that starts a
 * session removes those whose owner is gone. Thread-safe.
 */
public final class StaleSessionDirs {
    static final String OWNER_FILE = "owner";
    static final String PREFIX = "securer-";
    private static final Logger LOG = LoggerFactory.getLogger(StaleSessionDirs.class);
    private static final AtomicBoolean SWEPT = new AtomicBoolean();

    private StaleSessionDirs() {
    }

    /** The owner line for this JVM: {@code <pid> <start instant>}. */
    static String ownerLine() {
        ProcessHandle me = ProcessHandle.current();
        return me.pid() + " " + me.info().startInstant().map(Instant::toString).orElse("?");
    }

    /** Sweeps once per JVM (at the first session start). */
    static void sweepOnce(Path tmp) {
        if (SWEPT.compareAndSet(false, true)) {
            sweep(tmp);
        }
    }

    /** Removes every session directory in {@code tmp} whose owning JVM no longer runs; returns how many. */
    public static int sweep(Path tmp) {
        int removed = 0;
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(tmp, PREFIX + "*")) {
            for (Path dir : dirs) {
                if (Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS) && ownerGone(dir)) {
                    try {
                        SessionDirectory.deleteTree(dir);
                        removed++;
                    } catch (IOException e) {
                        LOG.debug("cannot remove stale session dir {}: {}", dir, e.toString());
                    }
                }
            }
        } catch (IOException e) {
            LOG.debug("cannot scan {} for stale session dirs: {}", tmp, e.toString());
        }
        if (removed > 0) {
            LOG.info("removed {} session director{} left by JVMs that were killed", removed, removed == 1 ? "y" : "ies");
        }
        return removed;
    }

    private static boolean ownerGone(Path dir) {
        Path owner = dir.resolve(OWNER_FILE);
        String line;
        try {
            if (!Files.isRegularFile(owner, LinkOption.NOFOLLOW_LINKS)) {
                return false; // not ours to judge
            }
            line = Files.readString(owner, StandardCharsets.US_ASCII).strip();
        } catch (IOException e) {
            return false;
        }
        String[] parts = line.split(" ", 2);
        if (parts.length != 2) {
            return false;
        }
        long pid;
        try {
            pid = Long.parseLong(parts[0]);
        } catch (NumberFormatException e) {
            return false;
        }
        Optional<ProcessHandle> h = ProcessHandle.of(pid);
        if (h.isEmpty() || !h.get().isAlive()) {
            return true;
        }
        // The pid may have been reused by another process: compare start times.
        String started = h.get().info().startInstant().map(Instant::toString).orElse("?");
        return !started.equals(parts[1]) && !"?".equals(parts[1]);
    }
}
