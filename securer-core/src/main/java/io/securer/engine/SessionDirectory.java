package io.securer.engine;

import io.securer.engine.sandbox.LaunchFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A child's private 0700 host directory: the runtime script, the IPC socket, the bulk pipe, an owner file (so a
 * later JVM can remove it if this one is killed) and any launch files the sandbox plan needs.
 * The child sees it read-only. Closing deletes the whole tree; idempotent and thread-safe.
 */
public final class SessionDirectory implements AutoCloseable {
    /** The socket's file name in the directory; the runtime derives it from its own path. */
    public static final String SOCKET = "ipc.sock";
    /** The {@link BulkPipe}'s file name in the directory; the runtime derives it from its own path. */
    public static final String BULK_PIPE = "bulk.fifo";
    /** The file R runs with {@code -f}; it parses and runs {@link #RUNTIME_MAIN}. */
    public static final String RUNTIME = "runtime.R";
    /** The runtime proper. */
    public static final String RUNTIME_MAIN = "runtime-main.R";
    /**
     * R's working directory when R runs without a sandbox (a sandboxed R works in its own /tmp):
     * kept apart from the runtime's own files, so that the session's files (and snapshots) are
     * only what the code made.
     */
    public static final String WORK = "work";
    private static final Logger LOG = LoggerFactory.getLogger(SessionDirectory.class);
    /**
     * What R runs with -f. R reads an -f file through its REPL reader, which costs ~90 ms for a
     * runtime of this size; parse() reads the same file in ~2 ms, so the -f file only parses and
     * runs the main file.
     */
    private static final String BOOTSTRAP = "local({ a <- commandArgs(FALSE); "
            + "for (e in parse(file.path(dirname(a[[match(\"-f\", a) + 1L]]), \"" + RUNTIME_MAIN + "\"), keep.source = FALSE)) "
            + "eval(e, globalenv()) })\n";

    private final Path path;
    private final AtomicBoolean closed = new AtomicBoolean();

    private SessionDirectory(Path path) {
        this.path = path;
    }

    /**
     * Creates a fresh directory under {@code java.io.tmpdir} holding the runtime. Removes stale
     * directories of dead JVMs first (once per JVM).
     */
    public static SessionDirectory create(String runtimeSource) {
        Path dir;
        try {
            dir = Files.createTempDirectory(StaleSessionDirs.PREFIX, PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rwx------")));
        } catch (IOException e) {
            throw new ChildStartException(ChildStartException.Kind.FAILED,
                    "cannot create the session directory: " + e.getMessage(), e);
        }
        SessionDirectory d = new SessionDirectory(dir);
        try {
            StaleSessionDirs.sweepOnce(dir.getParent());
            Files.writeString(dir.resolve(RUNTIME), BOOTSTRAP, StandardCharsets.UTF_8);
            Files.writeString(dir.resolve(RUNTIME_MAIN), runtimeSource, StandardCharsets.UTF_8);
            Files.writeString(dir.resolve(StaleSessionDirs.OWNER_FILE), StaleSessionDirs.ownerLine(),
                    StandardCharsets.US_ASCII);
            Files.createDirectory(dir.resolve(WORK), PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rwx------")));
            return d;
        } catch (IOException e) {
            d.close();
            throw new ChildStartException(ChildStartException.Kind.FAILED,
                    "cannot write the runtime script into " + dir + ": " + e.getMessage(), e);
        }
    }

    public Path path() {
        return path;
    }

    /** See {@link #WORK}. */
    public Path workDir() {
        return path.resolve(WORK);
    }

    public Path socket() {
        return path.resolve(SOCKET);
    }

    /** Where the {@link BulkPipe} is made (it may not exist). */
    public Path bulkPipe() {
        return path.resolve(BULK_PIPE);
    }

    /** Writes the files a launch plan needs (e.g. the seccomp program). */
    public void writeLaunchFiles(List<LaunchFile> files) {
        try {
            for (LaunchFile f : files) {
                Files.write(path.resolve(f.name()), f.content());
            }
        } catch (IOException e) {
            throw new ChildStartException(ChildStartException.Kind.FAILED,
                    "cannot write the launch files into " + path + ": " + e.getMessage(), e);
        }
    }

    /** Removes launch files once the child has read them; failures are only logged. */
    public void deleteLaunchFiles(List<LaunchFile> files) {
        for (LaunchFile f : files) {
            try {
                Files.deleteIfExists(path.resolve(f.name()));
            } catch (IOException e) {
                LOG.debug("cannot delete {} from {}: {}", f.name(), path, e.getMessage());
            }
        }
    }

    /**
     * Gives the directory, the runtime files and the socket to {@code uid} (the child's own
     * unprivileged uid when the host runs as root): the directory is 0700, connecting to a Unix
     * socket needs write permission on the socket file, and R writes into the bulk pipe.
     */
    public void handTo(int uid) throws IOException {
        List<Path> owned = new ArrayList<>(List.of(path, path.resolve(RUNTIME), path.resolve(RUNTIME_MAIN), socket()));
        if (Files.exists(bulkPipe(), LinkOption.NOFOLLOW_LINKS)) {
            owned.add(bulkPipe()); // R opens its write end
        }
        for (Path p : owned) {
            Files.setAttribute(p, "unix:uid", uid);
            Files.setAttribute(p, "unix:gid", uid);
        }
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            deleteTree(path);
        } catch (IOException e) {
            throw new ChildStartException(ChildStartException.Kind.FAILED,
                    "cannot remove the session directory " + path + ": " + e.getMessage(), e);
        }
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.deleteIfExists(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException exc) throws IOException {
                Files.deleteIfExists(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
