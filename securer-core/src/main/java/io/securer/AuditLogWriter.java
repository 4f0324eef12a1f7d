package io.securer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Appends audit events as JSON Lines. All sessions of a JVM that name the same file share one
 * channel (reference-counted), and each line goes out in one {@code write} to a file opened
 * with O_APPEND under a lock, so lines never interleave or tear and a killed JVM loses at most the
 * line being written (there is no user-space buffer to lose). Thread-safe.
 */
final class AuditLogWriter implements SessionListener, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AuditLogWriter.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Map<Path, Shared> OPEN = new HashMap<>();

    private static final class Shared {
        final Path path;
        final FileChannel channel;
        int users;

        Shared(Path path, FileChannel channel) {
            this.path = path;
            this.channel = channel;
        }
    }

    private final Shared shared;
    private boolean closed;

    private AuditLogWriter(Shared shared) {
        this.shared = shared;
    }

    /**
     * Opens (or joins) the audit log at {@code path}: parent directories are created, a new file
     * gets mode 0600, and symlinks or non-regular files are refused.
     */
    static AuditLogWriter open(Path path) {
        Path abs = path.toAbsolutePath().normalize();
        synchronized (OPEN) {
            Shared s = OPEN.get(abs);
            if (s == null) {
                s = new Shared(abs, openChannel(abs));
                OPEN.put(abs, s);
            }
            s.users++;
            return new AuditLogWriter(s);
        }
    }

    private static FileChannel openChannel(Path p) {
        try {
            if (p.getParent() != null) {
                Files.createDirectories(p.getParent());
            }
            if (Files.isSymbolicLink(p)) {
                throw new IllegalArgumentException("audit log " + p + " is a symbolic link; refusing to follow it");
            }
            if (Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
                BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                if (!a.isRegularFile()) {
                    throw new IllegalArgumentException("audit log " + p + " is not a regular file (device, fifo or directory)");
                }
                return FileChannel.open(p, StandardOpenOption.WRITE, StandardOpenOption.APPEND, LinkOption.NOFOLLOW_LINKS);
            }
            return FileChannel.open(p, Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                            StandardOpenOption.APPEND, LinkOption.NOFOLLOW_LINKS),
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (IOException e) {
            throw new SecurerException("cannot open audit log " + p + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void onEvent(SessionEvent event) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("timestamp", event.at().toString());
        o.put("event", event.name());
        o.put("session_id", event.sessionId());
        AuditFields.put(o, event);
        byte[] line;
        try {
            line = (MAPPER.writeValueAsString(o) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            LOG.warn("cannot encode audit event {}: {}", event.name(), e.toString());
            return;
        }
        synchronized (shared) {
            if (closed) {
                return;
            }
            try {
                ByteBuffer buf = ByteBuffer.wrap(line);
                while (buf.hasRemaining()) {
                    shared.channel.write(buf);
                }
            } catch (IOException e) {
                LOG.warn("cannot write audit log {}: {}", shared.path, e.toString());
            }
        }
    }

    @Override
    public void close() {
        synchronized (OPEN) {
            synchronized (shared) {
                if (closed) {
                    return;
                }
                closed = true;
            }
            if (--shared.users == 0) {
                OPEN.remove(shared.path);
                try {
                    shared.channel.close();
                } catch (IOException e) {
                    LOG.warn("cannot close audit log {}: {}", shared.path, e.toString());
                }
            }
        }
    }
}
