package io.securer;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Keeps snapshots as files in one directory, one file per key: for a single host, or several
 * processes on one host sharing the directory. Survives restarts of the application.
 *
 * <p><b>Directory.</b> Created with mode {@code 0700} if missing (its parents with the default
 * mode). An existing directory is used as it is, but refused when it is a symbolic link, not a
 * directory, or writable by its group or by others. This store needs a POSIX file system (Linux,
 * macOS).
 *
 * <p><b>File names.</b> A key is any string that is well-formed Unicode; it never becomes a path.
 * Its file is {@code <readable>_<sha256>.snapshot}: {@code <sha256>} is the lower-case hex SHA-256
 * of the key's UTF-8 bytes (so distinct keys get distinct files), and {@code <readable>}, for people
 * listing the directory, is the key's first 40 characters with every character other than
 * {@code A-Z a-z 0-9 _} replaced by {@code _} (possibly empty). A name is at most 114 ASCII
 * characters, never starts with a dot, and holds no {@code /}, {@code ..} or NUL: no key can name a
 * file outside the directory or another key's file. To find a key's file from a shell:
 * {@code printf '%s' "$KEY" | sha256sum}. A key with an unpaired surrogate is refused with
 * {@link IllegalArgumentException} (it has no UTF-8 form, so it would alias another key).
 *
 * <p><b>Writes.</b> {@link #save} writes a temporary file ({@code .tmp-*.part}, mode {@code 0600})
 * in the same directory, forces it to disk, renames it over the key's file in one atomic step and
 * forces the directory. A reader therefore sees the old snapshot or the new one, whole, never a
 * mix; concurrent saves of one key leave one of them, whole (the last rename wins). A crash leaves
 * at most a temporary file, which a store opened later deletes once it is an hour old.
 *
 * <p><b>Size.</b> {@code maxBytes} caps the file of one snapshot (its stored form: content plus a
 * small header), on save (nothing is replaced when the snapshot is larger) and on load (a larger
 * file is refused before it is read), default {@link SessionSnapshot#DEFAULT_MAX_BYTES}.
 *
 * <p><b>Failures</b> of {@link #save}, {@link #load} and {@link #delete} (input/output errors, a
 * corrupt or oversized file) are {@link SessionStoreException}s whose message names the file. The store
 * checks only the container format of what it loads ({@link SessionSnapshot#readFrom(InputStream,
 * long)}) and never deserializes R data.
 *
 * <p><b>Thread safety:</b> thread-safe without locks, and safe for several processes sharing the
 * directory. <b>Ownership:</b> holds no open resource (nothing to close); it never deletes the
 * directory.
 */
public final class FileSessionStore implements SessionStore {
    /** Length of the readable part of a file name, in characters. */
    static final int READABLE_CHARS = 40;
    static final String SUFFIX = ".snapshot";
    static final String TEMP_PREFIX = ".tmp-";
    static final String TEMP_SUFFIX = ".part";
    /** Temporary files older than this are the remains of a crash and are deleted on opening. */
    static final Duration STALE_TEMP_AGE = Duration.ofHours(1);
    private static final Set<PosixFilePermission> DIRECTORY_MODE = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> FILE_MODE = PosixFilePermissions.fromString("rw-------");
    private static final int BUFFER = 1 << 16;

    private final Path dir;
    private final long maxBytes;

    /**
     * A store in {@code dir} with the default cap, {@link SessionSnapshot#DEFAULT_MAX_BYTES}.
     *
     * @throws IllegalArgumentException {@code dir} is a symbolic link, not a directory, writable by
     *                                  group or others, or not on a POSIX file system
     * @throws UncheckedIOException     the directory could not be created or inspected
     */
    public FileSessionStore(Path dir) {
        this(dir, SessionSnapshot.DEFAULT_MAX_BYTES);
    }

    /**
     * A store in {@code dir} whose snapshot files may have at most {@code maxBytes} bytes.
     *
     * @throws IllegalArgumentException {@code maxBytes} is not positive; or {@code dir} is a symbolic
     *                                  link, not a directory, writable by group or others, or not on
     *                                  a POSIX file system
     * @throws UncheckedIOException     the directory could not be created or inspected
     */
    public FileSessionStore(Path dir, long maxBytes) {
        Objects.requireNonNull(dir, "dir");
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("maxBytes must be positive, was " + maxBytes);
        }
        this.dir = dir.toAbsolutePath().normalize();
        this.maxBytes = maxBytes;
        try {
            prepareDirectory(this.dir);
            deleteStaleTemporaryFiles();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot use " + this.dir + " as a snapshot directory: " + e, e);
        }
    }

    /** The directory holding the snapshot files (absolute). */
    public Path directory() {
        return dir;
    }

    /** The largest snapshot file this store writes or reads, in bytes. */
    public long maxBytes() {
        return maxBytes;
    }

    /**
     * Writes {@code snapshot} as the file of {@code key}, replacing the previous one atomically.
     *
     * @throws SessionStoreException        the snapshot is larger than {@link #maxBytes()} (the previous
     *                                  file is kept), or writing failed
     * @throws IllegalArgumentException the key is not well-formed Unicode
     */
    @Override
    public void save(String key, SessionSnapshot snapshot) {
        Path target = dir.resolve(fileName(key));
        Objects.requireNonNull(snapshot, "snapshot");
        if (snapshot.sizeBytes() > maxBytes) {
            throw tooLargeToSave(snapshot);
        }
        Path temp = null;
        try {
            temp = Files.createTempFile(dir, TEMP_PREFIX, TEMP_SUFFIX, PosixFilePermissions.asFileAttribute(FILE_MODE));
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                CappedOutputStream out = new CappedOutputStream(
                        new BufferedOutputStream(Channels.newOutputStream(channel), BUFFER), maxBytes);
                snapshot.writeTo(out);
                out.flush();
                channel.force(true);
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            temp = null;
            forceDirectory();
        } catch (CappedOutputStream.LimitExceeded e) {
            throw tooLargeToSave(snapshot);
        } catch (IOException e) {
            throw new SessionStoreException("cannot save the snapshot file " + target + ": " + e, e);
        } finally {
            if (temp != null) {
                deleteQuietly(temp);
            }
        }
    }

    /**
     * The snapshot in the file of {@code key}, or empty when there is none.
     *
     * @throws SessionStoreException        the file is larger than {@link #maxBytes()}, is not a valid
     *                                  snapshot, or could not be read
     * @throws IllegalArgumentException the key is not well-formed Unicode
     */
    @Override
    public Optional<SessionSnapshot> load(String key) {
        Path file = dir.resolve(fileName(key));
        // Open first, then look at the size of what was opened: a concurrent save renames a new
        // file over the name, but this channel keeps reading the file it opened, whole.
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            long size = channel.size();
            if (size > maxBytes) {
                throw new SessionStoreException("the snapshot file " + file + " has " + size + " bytes, more than this "
                        + "store's limit of " + maxBytes + " bytes");
            }
            return Optional.of(read(channel, file));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new SessionStoreException("cannot read the snapshot file " + file + ": " + e, e);
        }
    }

    private SessionSnapshot read(FileChannel channel, Path file) throws IOException {
        InputStream in = new BufferedInputStream(Channels.newInputStream(channel), BUFFER);
        try {
            return SessionSnapshot.readFrom(in, maxBytes);
        } catch (SnapshotException e) {
            throw new SessionStoreException("the snapshot file " + file + " is unusable: " + e.getMessage(), e);
        }
    }

    /**
     * Deletes the file of {@code key}, if there is one.
     *
     * @throws SessionStoreException        deleting failed
     * @throws IllegalArgumentException the key is not well-formed Unicode
     */
    @Override
    public void delete(String key) {
        Path file = dir.resolve(fileName(key));
        try {
            if (Files.deleteIfExists(file)) {
                forceDirectory();
            }
        } catch (IOException e) {
            throw new SessionStoreException("cannot delete the snapshot file " + file + ": " + e, e);
        }
    }

    @Override
    public String toString() {
        return "FileSessionStore[" + dir + ", max " + maxBytes + " bytes]";
    }

    /**
     * The file name of {@code key}: {@code <readable>_<sha256 hex>.snapshot} (see the class
     * documentation).
     */
    static String fileName(String key) {
        Objects.requireNonNull(key, "key");
        byte[] utf8 = strictUtf8(key);
        StringBuilder name = new StringBuilder(READABLE_CHARS + 1 + 64 + SUFFIX.length());
        for (int i = 0; i < key.length() && i < READABLE_CHARS; i++) {
            char c = key.charAt(i);
            boolean plain = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
            name.append(plain ? c : '_');
        }
        name.append('_').append(HexFormat.of().formatHex(sha256(utf8))).append(SUFFIX);
        return name.toString();
    }

    private static byte[] strictUtf8(String key) {
        try {
            ByteBuffer b = StandardCharsets.UTF_8.newEncoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .encode(CharBuffer.wrap(key));
            byte[] bytes = new byte[b.remaining()];
            b.get(bytes);
            return bytes;
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("a session store key must be well-formed Unicode (this one has an "
                    + "unpaired surrogate)", e);
        }
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError("every Java platform has SHA-256", e);
        }
    }

    private SessionStoreException tooLargeToSave(SessionSnapshot snapshot) {
        return new SessionStoreException("the snapshot (" + snapshot.sizeBytes() + " bytes of content) does not fit this "
                + "store's limit of " + maxBytes + " bytes; nothing was saved");
    }

    private static void prepareDirectory(Path dir) throws IOException {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            Path parent = dir.getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            try {
                Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(DIRECTORY_MODE));
            } catch (UnsupportedOperationException e) {
                throw new IllegalArgumentException("FileSessionStore needs a POSIX file system; " + dir + " is not on "
                        + "one", e);
            } catch (FileAlreadyExistsException e) {
                // made by someone else meanwhile: checked below like any existing directory
            }
        }
        if (Files.isSymbolicLink(dir)) {
            throw new IllegalArgumentException("the snapshot directory " + dir + " is a symbolic link; give the real "
                    + "directory");
        }
        PosixFileAttributeView view = Files.getFileAttributeView(dir, PosixFileAttributeView.class,
                LinkOption.NOFOLLOW_LINKS);
        if (view == null) {
            throw new IllegalArgumentException("FileSessionStore needs a POSIX file system; " + dir + " is not on one");
        }
        PosixFileAttributes attributes = view.readAttributes();
        if (!attributes.isDirectory()) {
            throw new IllegalArgumentException("the snapshot directory " + dir + " is not a directory");
        }
        Set<PosixFilePermission> mode = attributes.permissions();
        if (mode.contains(PosixFilePermission.GROUP_WRITE) || mode.contains(PosixFilePermission.OTHERS_WRITE)) {
            throw new IllegalArgumentException("the snapshot directory " + dir + " is writable by others (mode "
                    + PosixFilePermissions.toString(mode) + "); use a directory only its owner can write (700)");
        }
    }

    private void deleteStaleTemporaryFiles() throws IOException {
        Instant staleBefore = Instant.now().minus(STALE_TEMP_AGE);
        try (DirectoryStream<Path> temps = Files.newDirectoryStream(dir, TEMP_PREFIX + "*" + TEMP_SUFFIX)) {
            for (Path temp : temps) {
                try {
                    FileTime modified = Files.getLastModifiedTime(temp, LinkOption.NOFOLLOW_LINKS);
                    if (modified.toInstant().isBefore(staleBefore)) {
                        Files.deleteIfExists(temp);
                    }
                } catch (NoSuchFileException e) {
                    // renamed or deleted meanwhile
                }
            }
        }
    }

    /** Makes the last rename or deletion durable (Linux); best effort where directories cannot be opened. */
    private void forceDirectory() {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // the rename itself is done and atomic; only its durability across a power loss is weaker
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // a temporary file left behind is deleted by a later store once it is stale
        }
    }

    /** Counts what passes and stops the write when the cap is passed. */
    private static final class CappedOutputStream extends FilterOutputStream {
        private final long cap;
        private long written;

        CappedOutputStream(OutputStream out, long cap) {
            super(out);
            this.cap = cap;
        }

        @Override
        public void write(int b) throws IOException {
            count(1);
            out.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            count(len);
            out.write(b, off, len);
        }

        private void count(int n) throws LimitExceeded {
            written += n;
            if (written > cap) {
                throw new LimitExceeded();
            }
        }

        /** Thrown through {@link SessionSnapshot#writeTo}, which passes IOExceptions on. */
        static final class LimitExceeded extends IOException {
            private static final long serialVersionUID = 1L;

            LimitExceeded() {
                super("snapshot larger than the limit");
            }
        }
    }
}
