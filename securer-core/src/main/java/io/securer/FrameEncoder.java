package io.securer;

import io.securer.engine.BulkSource;
import io.securer.engine.OutboundFrame;
import io.securer.engine.WireColumn;
import io.securer.engine.WireType;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * Encodes a {@link DataFrame} column by column in the wire layout of {@link WireType}. Only the
 * sizes are worked out up front (what the message announces); the bytes are made while they are
 * written, a block at a time into one reused buffer, on the thread that streams them to R. So the
 * encoding overlaps with R reading what came before, and no copy of the frame is made (for a
 * million rows the copy was 40 MB and 30 ms before the first byte could go).
 */
final class FrameEncoder {
    /** Bytes encoded before they are written (fewer for a smaller frame). */
    static final int BLOCK = 1 << 20;

    private FrameEncoder() {
    }

    static OutboundFrame encode(DataFrame frame) {
        List<WireColumn> columns = new ArrayList<>();
        long total = 0;
        for (int i = 0; i < frame.columnCount(); i++) {
            String name = frame.columnNames().get(i);
            WireColumn c = switch (frame.type(i)) {
                case DOUBLE -> new WireColumn(name, WireType.DOUBLE, 8L * frame.rowCount(), 0);
                case INTEGER -> new WireColumn(name, WireType.INTEGER, 4L * frame.rowCount(), 0);
                case LOGICAL -> new WireColumn(name, WireType.LOGICAL, 4L * frame.rowCount(), 0);
                case DATE -> new WireColumn(name, WireType.DATE, 8L * frame.rowCount(), 0);
                case TIMESTAMP -> new WireColumn(name, WireType.TIMESTAMP, 8L * frame.rowCount(), 0);
                case STRING -> stringColumn(name, (String[]) frame.raw(i));
            };
            columns.add(c);
            total += c.bytes();
        }
        long size = total;
        BulkSource source = BulkSource.of(size, out -> {
            Writer w = new Writer(out, (int) Math.min(BLOCK, Math.max(4096, size)));
            for (int i = 0; i < frame.columnCount(); i++) {
                w.column(frame.type(i), frame.raw(i));
            }
            w.flush();
        });
        return new OutboundFrame(frame.rowCount(), columns, source);
    }

    /**
     * A string column's header: NUL-terminated UTF-8 strings (an NA as an empty one), then the
     * 1-based row numbers of the NAs as 4-byte ints.
     */
    private static WireColumn stringColumn(String name, String[] v) {
        long size = 0;
        int na = 0;
        for (String x : v) {
            if (x == null) {
                na++;
            } else {
                size += utf8Length(x);
            }
        }
        size += v.length + 4L * na;
        if (size > Integer.MAX_VALUE - 16) {
            throw new DataTransferException("column '" + name + "' is " + size + " bytes on the wire; a column "
                    + "can be at most 2 GiB");
        }
        return new WireColumn(name, WireType.STRING, size, na);
    }

    /** Encodes columns into one buffer, writing it out whenever the next value might not fit. */
    private static final class Writer {
        private final OutputStream out;
        private final ByteBuffer buf;

        /** {@code capacity}: at most {@link #BLOCK}, less for a small frame; at least 8. */
        Writer(OutputStream out, int capacity) {
            this.out = out;
            this.buf = ByteBuffer.allocate(capacity).order(ByteOrder.LITTLE_ENDIAN);
        }

        void column(DataFrame.ColumnType type, Object data) throws IOException {
            switch (type) {
                case DOUBLE -> {
                    double[] v = (double[]) data;
                    for (int from = 0; from < v.length; ) {
                        int k = Math.min(v.length - from, room(8));
                        buf.asDoubleBuffer().put(v, from, k);
                        buf.position(buf.position() + 8 * k);
                        from += k;
                    }
                }
                case INTEGER -> {
                    int[] v = (int[]) data;
                    for (int from = 0; from < v.length; ) {
                        int k = Math.min(v.length - from, room(4));
                        buf.asIntBuffer().put(v, from, k);
                        buf.position(buf.position() + 4 * k);
                        from += k;
                    }
                }
                case LOGICAL -> {
                    for (Boolean b : (Boolean[]) data) {
                        room(4);
                        buf.putInt(b == null ? DataFrame.NA_INTEGER : b ? 1 : 0);
                    }
                }
                case DATE -> {
                    for (LocalDate d : (LocalDate[]) data) {
                        room(8);
                        buf.putDouble(d == null ? DataFrame.NA_DOUBLE : d.toEpochDay());
                    }
                }
                case TIMESTAMP -> {
                    for (Instant t : (Instant[]) data) {
                        room(8);
                        buf.putDouble(t == null ? DataFrame.NA_DOUBLE : t.getEpochSecond() + t.getNano() / 1e9);
                    }
                }
                case STRING -> strings((String[]) data);
            }
        }

        private void strings(String[] v) throws IOException {
            for (String x : v) {
                if (x == null) {
                    room(1);
                } else if (3L * x.length() + 1 <= buf.capacity()) {
                    room(3 * x.length() + 1); // a char takes at most three bytes (a pair, four)
                    buf.position(putUtf8(x, buf.array(), buf.position()));
                } else {
                    flush();
                    out.write(x.getBytes(StandardCharsets.UTF_8)); // the same bytes, '?' for a lone surrogate
                }
                buf.put((byte) 0);
            }
            for (int r = 0; r < v.length; r++) {
                if (v[r] == null) {
                    room(4);
                    buf.putInt(r + 1);
                }
            }
        }

        /** Makes room for at least {@code bytes} bytes; returns how many values of that size fit. */
        private int room(int bytes) throws IOException {
            if (buf.remaining() < bytes) {
                flush();
            }
            return buf.remaining() / bytes;
        }

        void flush() throws IOException {
            out.write(buf.array(), 0, buf.position());
            buf.clear();
        }
    }

    private static long utf8Length(String s) {
        int n = s.length();
        long len = n;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x80) {
                if (c < 0x800) {
                    len += 1;
                } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                    len += 2; // two chars, four bytes
                    i++;
                } else if (!Character.isSurrogate(c)) {
                    len += 2;
                }
            }
        }
        return len;
    }

    /** Writes {@code s} as UTF-8 at {@code pos}; unpaired surrogates become {@code '?'}, as {@code getBytes} does. */
    private static int putUtf8(String s, byte[] out, int pos) {
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                out[pos++] = (byte) c;
            } else if (c < 0x800) {
                out[pos++] = (byte) (0xc0 | c >> 6);
                out[pos++] = (byte) (0x80 | c & 0x3f);
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, s.charAt(++i));
                out[pos++] = (byte) (0xf0 | cp >> 18);
                out[pos++] = (byte) (0x80 | cp >> 12 & 0x3f);
                out[pos++] = (byte) (0x80 | cp >> 6 & 0x3f);
                out[pos++] = (byte) (0x80 | cp & 0x3f);
            } else if (Character.isSurrogate(c)) {
                out[pos++] = '?';
            } else {
                out[pos++] = (byte) (0xe0 | c >> 12);
                out[pos++] = (byte) (0x80 | c >> 6 & 0x3f);
                out[pos++] = (byte) (0x80 | c & 0x3f);
            }
        }
        return pos;
    }
}
