package io.securer;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A session's R workspace (and optionally its working directory's files), as taken by
 * {@link SecureSession#snapshot()} and put back by {@link SecureSession#restore(SessionSnapshot)}.
 *
 * <p>The content is opaque to the host: R serialized it inside the sandbox and only a sandboxed R
 * ever reads it again; the host never deserializes it. {@link #readFrom(InputStream)} checks the
 * container format (magic, version, entry sizes, caps) and nothing more, so a snapshot from an
 * untrusted store cannot harm the host. Immutable and thread-safe.
 *
 * <p>Format ({@link #writeTo(OutputStream)}): the magic {@code SECURER-SNAPSHOT}, a format version,
 * the names of skipped objects, then entries, each a kind (object or file), a name and its bytes.
 */
public final class SessionSnapshot {
    /** Largest snapshot read or restored unless a caller chooses otherwise: 1 GiB. */
    public static final long DEFAULT_MAX_BYTES = 1L << 30;
    private static final byte[] MAGIC = "SECURER-SNAPSHOT".getBytes(StandardCharsets.US_ASCII);
    private static final int VERSION = 1;
    /** R object names are at most 10 000 bytes; their UTF-8 as Java reads it back stays under this. */
    private static final int MAX_NAME_BYTES = 40_000;
    private static final int MAX_ENTRIES = 1_000_000;

    /** What an entry holds. */
    enum Kind {
        /** One object of the global environment, serialized by R. */
        OBJECT,
        /** One file of the working directory, as bytes. */
        FILE
    }

    /** One object or file; {@code data} is R's serialization or the file's bytes. */
    record Entry(Kind kind, String name, byte[] data) {
        Entry {
            Objects.requireNonNull(kind);
            Objects.requireNonNull(name);
            Objects.requireNonNull(data);
        }
    }

    private final List<String> skipped;
    private final List<Entry> entries;
    private final long sizeBytes;

    SessionSnapshot(List<String> skipped, List<Entry> entries) {
        this.skipped = List.copyOf(skipped);
        this.entries = List.copyOf(entries);
        long size = 0;
        for (Entry e : entries) {
            size += e.data().length;
        }
        this.sizeBytes = size;
    }

    /** Bytes of workspace content (serialized objects and files). */
    public long sizeBytes() {
        return sizeBytes;
    }

    /** Names of objects that could not be kept (connections, external pointers, environments of packages...). */
    public List<String> skipped() {
        return skipped;
    }

    /** Names of the objects it holds, in order. */
    public List<String> objectNames() {
        return entries.stream().filter(e -> e.kind() == Kind.OBJECT).map(Entry::name).toList();
    }

    /** Relative paths of the files it holds, in order. */
    public List<String> fileNames() {
        return entries.stream().filter(e -> e.kind() == Kind.FILE).map(Entry::name).toList();
    }

    List<Entry> entries() {
        return entries;
    }

    /** Writes the snapshot in its container format; the stream is not closed. */
    public void writeTo(OutputStream out) throws IOException {
        DataOutputStream d = new DataOutputStream(out);
        d.write(MAGIC);
        d.writeInt(VERSION);
        d.writeInt(skipped.size());
        for (String s : skipped) {
            writeName(d, s);
        }
        d.writeInt(entries.size());
        for (Entry e : entries) {
            d.writeByte(e.kind().ordinal());
            writeName(d, e.name());
            d.writeLong(e.data().length);
            d.write(e.data());
        }
        d.flush();
    }

    /** The snapshot as one byte array (for stores that keep values whole). */
    public byte[] toBytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(Integer.MAX_VALUE - 64, sizeBytes + 256));
        try {
            writeTo(out);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return out.toByteArray();
    }

    /** Reads a snapshot written by {@link #writeTo}, up to {@link #DEFAULT_MAX_BYTES}. */
    public static SessionSnapshot readFrom(InputStream in) throws IOException {
        return readFrom(in, DEFAULT_MAX_BYTES);
    }

    /**
     * Reads a snapshot written by {@link #writeTo}, refusing one whose content exceeds
     * {@code maxBytes}.
     *
     * @throws SnapshotException not a snapshot, a version this library cannot read, corrupt, or too large
     * @throws IOException       reading failed
     */
    public static SessionSnapshot readFrom(InputStream in, long maxBytes) throws IOException {
        DataInputStream d = new DataInputStream(in);
        try {
            byte[] magic = d.readNBytes(MAGIC.length);
            if (!Arrays.equals(magic, MAGIC)) {
                throw new SnapshotException("not a securer snapshot (bad magic)");
            }
            int version = d.readInt();
            if (version != VERSION) {
                throw new SnapshotException("snapshot format version " + version + " is not supported (this library "
                        + "reads version " + VERSION + ")");
            }
            int nSkipped = count(d.readInt(), "skipped names");
            List<String> skipped = new ArrayList<>();
            long total = 0;
            for (int i = 0; i < nSkipped; i++) {
                String name = readName(d);
                total = charge(total, name.getBytes(StandardCharsets.UTF_8).length, maxBytes);
                skipped.add(name);
            }
            int nEntries = count(d.readInt(), "entries");
            List<Entry> entries = new ArrayList<>();
            for (int i = 0; i < nEntries; i++) {
                int kind = d.readUnsignedByte();
                if (kind >= Kind.values().length) {
                    throw new SnapshotException("corrupt snapshot: unknown entry kind " + kind);
                }
                String name = readName(d);
                total = charge(total, name.getBytes(StandardCharsets.UTF_8).length, maxBytes);
                long length = d.readLong();
                if (length < 0 || length > Integer.MAX_VALUE - 16) {
                    throw new SnapshotException("corrupt snapshot: entry '" + name + "' claims " + length + " bytes");
                }
                total = charge(total, length, maxBytes);
                byte[] data = d.readNBytes((int) length);
                if (data.length != length) {
                    throw new SnapshotException("corrupt snapshot: entry '" + name + "' is cut short");
                }
                entries.add(new Entry(Kind.values()[kind], name, data));
            }
            if (d.read() != -1) {
                throw new SnapshotException("corrupt snapshot: data after the last entry");
            }
            return new SessionSnapshot(skipped, entries);
        } catch (EOFException e) {
            throw new SnapshotException("corrupt snapshot: it ends too early", e);
        }
    }

    /** Adds {@code n} read bytes (names count too, so a flood of names cannot pass the cap). */
    private static long charge(long total, long n, long maxBytes) {
        if (total + n > maxBytes) {
            throw new SnapshotException("snapshot is larger than the limit of " + maxBytes + " bytes");
        }
        return total + n;
    }

    private static int count(int n, String what) {
        if (n < 0 || n > MAX_ENTRIES) {
            throw new SnapshotException("corrupt snapshot: " + n + " " + what);
        }
        return n;
    }

    private static void writeName(DataOutputStream d, String name) throws IOException {
        byte[] b = name.getBytes(StandardCharsets.UTF_8);
        d.writeInt(b.length);
        d.write(b);
    }

    private static String readName(DataInputStream d) throws IOException {
        int n = d.readInt();
        if (n < 0 || n > MAX_NAME_BYTES) {
            throw new SnapshotException("corrupt snapshot: a name of " + n + " bytes");
        }
        byte[] b = d.readNBytes(n);
        if (b.length != n) {
            throw new SnapshotException("corrupt snapshot: it ends too early");
        }
        return new String(b, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "SessionSnapshot[" + objectNames().size() + " objects, " + fileNames().size() + " files, " + sizeBytes
                + " bytes" + (skipped.isEmpty() ? "" : ", skipped " + skipped) + "]";
    }
}
