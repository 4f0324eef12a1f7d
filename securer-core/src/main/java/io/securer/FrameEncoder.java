package io.securer;

import io.securer.engine.BulkSource;
import io.securer.engine.OutboundFrame;
import io.securer.engine.WireColumn;
import io.securer.engine.WireType;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/** Encodes a {@link DataFrame} column by column in the wire layout of {@link WireType}. */
final class FrameEncoder {
    private FrameEncoder() {
    }

    static OutboundFrame encode(DataFrame frame) {
        List<WireColumn> columns = new ArrayList<>();
        List<byte[]> payloads = new ArrayList<>();
        long total = 0;
        for (int i = 0; i < frame.columnCount(); i++) {
            String name = frame.columnNames().get(i);
            Object data = frame.raw(i);
            long na = 0;
            byte[] bytes;
            WireType type;
            switch (frame.type(i)) {
                case DOUBLE -> {
                    type = WireType.DOUBLE;
                    bytes = doubles((double[]) data);
                }
                case INTEGER -> {
                    type = WireType.INTEGER;
                    bytes = ints((int[]) data);
                }
                case LOGICAL -> {
                    type = WireType.LOGICAL;
                    Boolean[] v = (Boolean[]) data;
                    int[] codes = new int[v.length];
                    for (int r = 0; r < v.length; r++) {
                        codes[r] = v[r] == null ? DataFrame.NA_INTEGER : v[r] ? 1 : 0;
                    }
                    bytes = ints(codes);
                }
                case DATE -> {
                    type = WireType.DATE;
                    LocalDate[] v = (LocalDate[]) data;
                    double[] days = new double[v.length];
                    for (int r = 0; r < v.length; r++) {
                        days[r] = v[r] == null ? DataFrame.NA_DOUBLE : v[r].toEpochDay();
                    }
                    bytes = doubles(days);
                }
                case TIMESTAMP -> {
                    type = WireType.TIMESTAMP;
                    Instant[] v = (Instant[]) data;
                    double[] secs = new double[v.length];
                    for (int r = 0; r < v.length; r++) {
                        secs[r] = v[r] == null ? DataFrame.NA_DOUBLE : v[r].getEpochSecond() + v[r].getNano() / 1e9;
                    }
                    bytes = doubles(secs);
                }
                case STRING -> {
                    type = WireType.STRING;
                    String[] v = (String[]) data;
                    bytes = strings(name, v);
                    na = nas(v);
                }
                default -> throw new IllegalStateException(frame.type(i).toString());
            }
            columns.add(new WireColumn(name, type, bytes.length, na));
            payloads.add(bytes);
            total += bytes.length;
        }
        long size = total;
        BulkSource source = new BulkSource() {
            @Override
            public long size() {
                return size;
            }

            @Override
            public void writeTo(OutputStream out) throws IOException {
                for (byte[] p : payloads) {
                    out.write(p);
                }
            }
        };
        return new OutboundFrame(frame.rowCount(), columns, source);
    }

    private static long nas(String[] v) {
        long na = 0;
        for (String x : v) {
            na += x == null ? 1 : 0;
        }
        return na;
    }

    /**
     * NUL-terminated UTF-8 strings (an NA as an empty one), then the 1-based row numbers of the
     * NAs as 4-byte ints. Written in one pass into one array of the exact size measured first:
     * encoding string by string ({@code getBytes}) into a growing buffer cost four times as much
     * for a million short strings. Unpaired surrogates become {@code '?'}, as {@code getBytes} does.
     */
    static byte[] strings(String column, String[] v) {
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
            throw new DataTransferException("column '" + column + "' is " + size + " bytes on the wire; a column "
                    + "can be at most 2 GiB");
        }
        byte[] out = new byte[(int) size];
        int pos = 0;
        for (String x : v) {
            if (x != null) {
                pos = putUtf8(x, out, pos);
            }
            out[pos++] = 0;
        }
        ByteBuffer rows = ByteBuffer.wrap(out, pos, out.length - pos).order(ByteOrder.LITTLE_ENDIAN);
        for (int r = 0; r < v.length; r++) {
            if (v[r] == null) {
                rows.putInt(r + 1);
            }
        }
        return out;
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

    private static byte[] doubles(double[] v) {
        ByteBuffer b = ByteBuffer.allocate(v.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        b.asDoubleBuffer().put(v);
        return b.array();
    }

    private static byte[] ints(int[] v) {
        ByteBuffer b = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asIntBuffer().put(v);
        return b.array();
    }
}
