package io.securer;

import io.securer.engine.ChildMessage;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Receives announced entries (a file, or a snapshot's objects and files), each a header and its
 * chunks, within a byte cap checked before anything is allocated. An entry goes either to one
 * output stream (a file being read out: it is streamed, not kept) or into memory (snapshot
 * entries). A failure to write the host-side target is kept for the caller and the remaining
 * chunks are drained, so the child's channel stays in step.
 */
final class EntryReceiver implements Inbound {
    private final long maxBytes;
    private final OutputStream target;
    private final int maxEntries;
    private final List<SessionSnapshot.Entry> entries = new ArrayList<>();
    private long total;
    private ChildMessage.EntryHeader current;
    private byte[] buffer;
    private long filled;
    private IOException targetFailure;

    private EntryReceiver(long maxBytes, OutputStream target, int maxEntries) {
        this.maxBytes = maxBytes;
        this.target = target;
        this.maxEntries = maxEntries;
    }

    /** One file, streamed to {@code target}. */
    static EntryReceiver toStream(long maxBytes, OutputStream target) {
        return new EntryReceiver(maxBytes, target, 1);
    }

    /** Any number of entries (up to the snapshot format's limit), kept in memory. */
    static EntryReceiver inMemory(long maxBytes) {
        return new EntryReceiver(maxBytes, null, 1_000_000);
    }

    @Override
    public boolean accept(ChildMessage message) {
        if (message instanceof ChildMessage.EntryHeader h) {
            if (current != null) {
                throw new IllegalArgumentException("entry '" + h.name() + "' announced out of turn");
            }
            if (entries.size() >= maxEntries || target != null && !h.kind().equals("file")) {
                throw new IllegalArgumentException("unexpected " + h.kind() + " entry '" + h.name() + "'");
            }
            if (h.bytes() > maxBytes - total || target == null && h.bytes() > Integer.MAX_VALUE - 16) {
                throw new IllegalArgumentException("the data are over the limit of " + maxBytes + " bytes");
            }
            total += h.bytes();
            current = h;
            filled = 0;
            buffer = target == null ? new byte[(int) h.bytes()] : null;
            if (h.bytes() == 0) {
                finish();
            }
            return true;
        }
        if (message instanceof ChildMessage.Chunk c) {
            if (current == null) {
                throw new IllegalArgumentException("a data chunk with no entry announced");
            }
            if (c.size() > current.bytes() - filled) {
                throw new IllegalArgumentException("entry '" + current.name() + "' got more bytes than announced");
            }
            if (target == null) {
                System.arraycopy(c.data(), 0, buffer, (int) filled, c.size());
            } else if (targetFailure == null) {
                try {
                    target.write(c.data(), 0, c.size());
                } catch (IOException e) {
                    targetFailure = e;
                }
            }
            filled += c.size();
            if (filled == current.bytes()) {
                finish();
            }
            return true;
        }
        return false;
    }

    private void finish() {
        if (target == null) {
            SessionSnapshot.Kind kind = current.kind().equals("file") ? SessionSnapshot.Kind.FILE : SessionSnapshot.Kind.OBJECT;
            entries.add(new SessionSnapshot.Entry(kind, current.name(), buffer));
        } else {
            entries.add(new SessionSnapshot.Entry(SessionSnapshot.Kind.FILE, current.name(), new byte[0]));
        }
        current = null;
        buffer = null;
    }

    @Override
    public void complete() {
        if (current != null) {
            throw new IllegalArgumentException("entry '" + current.name() + "' ended early");
        }
        if (target != null && entries.size() != 1) {
            throw new IllegalArgumentException("the file's data did not arrive");
        }
    }

    /** Entries kept in memory (for a stream target: one empty placeholder per file). */
    List<SessionSnapshot.Entry> entries() {
        return entries;
    }

    /** Bytes received. */
    long bytes() {
        return total;
    }

    /** Why writing to the host-side target failed, or null. */
    IOException targetFailure() {
        return targetFailure;
    }
}
