package io.securer;

import io.securer.engine.ChildMessage;
import io.securer.engine.WireType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.Set;

/**
 * Rebuilds a data frame the child sends as column headers and chunks, checking every claim the
 * untrusted child makes: column types and sizes against the row count, names unique and
 * non-empty, the total within the cap (before anything is allocated), every string
 * NUL-terminated, NA row numbers in range, logicals 0, 1 or NA. Invalid UTF-8 becomes U+FFFD.
 */
final class FrameReceiver implements Inbound {
    private static final long LARGEST_DATE_DAY = LocalDate.MAX.toEpochDay();
    private static final long SMALLEST_DATE_DAY = LocalDate.MIN.toEpochDay();

    private final long maxBytes;
    private final DataFrame.Builder builder = DataFrame.builder();
    private final Set<String> names = new HashSet<>();
    private long rows = -1;
    private long total;
    private int columns;
    private ChildMessage.ColumnHeader current;
    private byte[] buffer;
    private int filled;

    FrameReceiver(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    @Override
    public boolean accept(ChildMessage message) {
        if (message instanceof ChildMessage.ColumnHeader h) {
            begin(h);
            return true;
        }
        if (message instanceof ChildMessage.Chunk c) {
            if (current == null) {
                throw new IllegalArgumentException("a data chunk with no column announced");
            }
            if (c.size() > buffer.length - filled) {
                throw new IllegalArgumentException("column '" + current.name() + "' got more bytes than announced");
            }
            System.arraycopy(c.data(), 0, buffer, filled, c.size());
            filled += c.size();
            if (filled == buffer.length) {
                finish();
            }
            return true;
        }
        return false;
    }

    private void begin(ChildMessage.ColumnHeader h) {
        if (current != null) {
            throw new IllegalArgumentException("column '" + h.name() + "' announced before '" + current.name()
                    + "' was complete");
        }
        if (h.name().isEmpty() || h.name().indexOf('\0') >= 0 || !names.add(h.name())) {
            throw new IllegalArgumentException("column names must be unique and non-empty");
        }
        if (rows < 0) {
            rows = h.rows();
        } else if (h.rows() != rows) {
            throw new IllegalArgumentException("column '" + h.name() + "' has " + h.rows() + " rows, not " + rows);
        }
        WireType t = h.type();
        boolean sized = t == WireType.STRING
                ? h.na() <= rows && h.bytes() >= rows + 4 * h.na()
                : h.na() == 0 && h.bytes() == rows * t.width();
        if (!sized) {
            throw new IllegalArgumentException("column '" + h.name() + "' announces " + h.bytes() + " bytes and "
                    + h.na() + " NAs for " + rows + " " + t.wireName() + " values");
        }
        if (h.bytes() > maxBytes - total || h.bytes() > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("the data frame is over the limit of " + maxBytes + " bytes");
        }
        total += h.bytes();
        current = h;
        buffer = new byte[(int) h.bytes()];
        filled = 0;
        if (buffer.length == 0) {
            finish();
        }
    }

    private void finish() {
        ChildMessage.ColumnHeader h = current;
        ByteBuffer b = ByteBuffer.wrap(buffer).order(ByteOrder.LITTLE_ENDIAN);
        int n = (int) rows;
        switch (h.type()) {
            case DOUBLE -> {
                double[] v = new double[n];
                b.asDoubleBuffer().get(v);
                builder.column(h.name(), v);
            }
            case INTEGER -> {
                int[] v = new int[n];
                b.asIntBuffer().get(v);
                builder.column(h.name(), v);
            }
            case LOGICAL -> {
                Boolean[] v = new Boolean[n];
                for (int r = 0; r < n; r++) {
                    int x = b.getInt();
                    if (x != 0 && x != 1 && x != DataFrame.NA_INTEGER) {
                        throw new IllegalArgumentException("column '" + h.name() + "': " + x + " is not a logical");
                    }
                    v[r] = x == DataFrame.NA_INTEGER ? null : x == 1;
                }
                builder.column(h.name(), v);
            }
            case DATE -> {
                LocalDate[] v = new LocalDate[n];
                for (int r = 0; r < n; r++) {
                    double d = Math.floor(b.getDouble());
                    v[r] = Double.isFinite(d) && d >= SMALLEST_DATE_DAY && d <= LARGEST_DATE_DAY
                            ? LocalDate.ofEpochDay((long) d) : null;
                }
                builder.column(h.name(), v);
            }
            case TIMESTAMP -> {
                Instant[] v = new Instant[n];
                for (int r = 0; r < n; r++) {
                    v[r] = instant(b.getDouble());
                }
                builder.column(h.name(), v);
            }
            case STRING -> builder.column(h.name(), strings(h, n));
        }
        columns++;
        current = null;
        buffer = null;
    }

    /** Seconds since the epoch to the microsecond R keeps; NA, infinite or out of range is null. */
    private static Instant instant(double seconds) {
        if (!Double.isFinite(seconds) || Math.abs(seconds) > 3.1e16) {
            return null;
        }
        double whole = Math.floor(seconds);
        long micros = Math.round((seconds - whole) * 1e6);
        return Instant.ofEpochSecond((long) whole, micros * 1000L);
    }

    private String[] strings(ChildMessage.ColumnHeader h, int n) {
        int textEnd = buffer.length - (int) (4 * h.na());
        String[] v = new String[n];
        int start = 0;
        for (int r = 0; r < n; r++) {
            int end = start;
            while (end < textEnd && buffer[end] != 0) {
                end++;
            }
            if (end == textEnd) {
                throw new IllegalArgumentException("column '" + h.name() + "' holds fewer than " + n + " strings");
            }
            v[r] = new String(buffer, start, end - start, StandardCharsets.UTF_8);
            start = end + 1;
        }
        if (start != textEnd) {
            throw new IllegalArgumentException("column '" + h.name() + "' holds more than " + n + " strings");
        }
        ByteBuffer idx = ByteBuffer.wrap(buffer, textEnd, buffer.length - textEnd).order(ByteOrder.LITTLE_ENDIAN);
        for (long k = 0; k < h.na(); k++) {
            int row = idx.getInt();
            if (row < 1 || row > n) {
                throw new IllegalArgumentException("column '" + h.name() + "': NA at row " + row + " of " + n);
            }
            v[row - 1] = null;
        }
        return v;
    }

    @Override
    public void complete() {
        if (current != null) {
            throw new IllegalArgumentException("column '" + current.name() + "' ended early");
        }
    }

    /** The frame, once the result said how many rows and columns there are. */
    DataFrame frame(long expectedRows, long expectedColumns) {
        complete();
        if (expectedColumns != columns || (columns > 0 && expectedRows != rows)) {
            throw new IllegalArgumentException("the result announces " + expectedRows + " rows and " + expectedColumns
                    + " columns, but " + columns + " columns of " + rows + " rows arrived");
        }
        if (columns == 0 && expectedRows != 0) {
            // R's zero-column frames can have rows; they hold no data
            return DataFrame.builder().build();
        }
        return builder.build();
    }
}
