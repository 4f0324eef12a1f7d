package io.securer;

import io.securer.engine.BulkSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The files of a session's working directory (in the sandbox, its private {@code /tmp}, a
 * 256 MiB tmpfs by default; a file is also bounded by the file-size limit, 50 MiB by default).
 * Paths are relative to that directory, plain names separated by {@code /}: absolute paths,
 * {@code .}, {@code ..} and empty parts are refused with {@link IllegalArgumentException}. The
 * content travels in chunks on the session's channel, binary-exact; R reads and writes the
 * files inside the sandbox, and refuses to follow a symbolic link on the way, so the host never
 * touches a link the child made.
 *
 * <p>Failures in R (a missing file, one over the limits, a full disk) throw
 * {@link SessionFileException} naming the file; the session keeps its state. Failures to read or
 * write a host-side {@link Path} throw {@link UncheckedIOException}. Thread-safe: operations are
 * serialized with the session's executions.
 */
public final class SessionFiles {
    private final Supplier<SecureSession> session;

    SessionFiles(Supplier<SecureSession> session) {
        this.session = session;
    }

    /** Writes {@code content} to {@code path}, creating its directories and replacing a file there. */
    public void write(String path, byte[] content) {
        String p = FilePaths.check(path);
        byte[] data = Objects.requireNonNull(content, "content").clone();
        session.get().withFiles((ops, child, restarted) -> {
            ops.writeFile(child, restarted, p, BulkSource.of(data));
            return null;
        });
    }

    /** Writes the content of the host file {@code source} to {@code path}; the source must not change meanwhile. */
    public void write(String path, Path source) {
        String p = FilePaths.check(path);
        Objects.requireNonNull(source, "source");
        long size;
        try {
            size = Files.size(source);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + source + ": " + e.getMessage(), e);
        }
        BulkSource data = BulkSource.of(size, out -> {
            try (InputStream in = Files.newInputStream(source)) {
                byte[] buf = new byte[64 * 1024];
                long left = size;
                while (left > 0) {
                    int n = in.read(buf, 0, (int) Math.min(buf.length, left));
                    if (n < 0) {
                        throw new IOException(source + " became shorter while it was sent");
                    }
                    out.write(buf, 0, n);
                    left -= n;
                }
            }
        });
        session.get().withFiles((ops, child, restarted) -> {
            ops.writeFile(child, restarted, p, data);
            return null;
        });
    }

    /** The content of the file at {@code path}. */
    public byte[] read(String path) {
        String p = FilePaths.check(path);
        return session.get().withFiles((ops, child, restarted) -> ops.readFile(child, restarted, p));
    }

    /**
     * Copies the file at {@code path} to the host file {@code target} (created or replaced); on
     * failure {@code target} is removed.
     */
    public void read(String path, Path target) {
        String p = FilePaths.check(path);
        Objects.requireNonNull(target, "target");
        boolean ok = false;
        try (OutputStream out = Files.newOutputStream(target)) {
            session.get().withFiles((ops, child, restarted) -> {
                ops.readFile(child, restarted, p, out);
                return null;
            });
            ok = true;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
        } finally {
            if (!ok) {
                try {
                    Files.deleteIfExists(target);
                } catch (IOException ignored) {
                    // the original failure is what the caller needs
                }
            }
        }
    }

    /**
     * The regular files under the working directory, recursively, sorted by path (R's own
     * temporary directory is not listed; at most 100 000 files).
     */
    public List<SessionFile> list() {
        return session.get().withFiles(SessionOperations::listFiles);
    }

    /** Deletes the file at {@code path} (not a directory). */
    public void delete(String path) {
        String p = FilePaths.check(path);
        session.get().withFiles((ops, child, restarted) -> {
            ops.deleteFile(child, restarted, p);
            return null;
        });
    }

}
