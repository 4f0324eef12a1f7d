package io.securer;

import io.securer.engine.BulkSource;
import io.securer.engine.OutboundFrame;
import io.securer.engine.WireColumn;
import io.securer.engine.WireType;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
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
                    ByteArrayOutputStream text = new ByteArrayOutputStream(v.length * 8 + 16);
                    List<Integer> nas = new ArrayList<>();
                    for (int r = 0; r < v.length; r++) {
                        if (v[r] == null) {
                            nas.add(r + 1);
                        } else {
                            text.writeBytes(v[r].getBytes(StandardCharsets.UTF_8));
                        }
                        text.write(0);
                    }
                    ByteBuffer idx = ByteBuffer.allocate(nas.size() * 4).order(ByteOrder.LITTLE_ENDIAN);
                    nas.forEach(idx::putInt);
                    text.writeBytes(idx.array());
                    bytes = text.toByteArray();
                    na = nas.size();
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
