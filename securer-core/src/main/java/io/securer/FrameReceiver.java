package io.securer;

import io.securer.engine.ChildMessage;
import io.securer.engine.WireType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

/**
 * Rebuilds a data frame the child sends as column headers and chunks, checking every claim the
 * untrusted child makes: column types and sizes against the row count, names unique and
 * non-empty, the total within the cap (before anything is allocated), every string
 * NUL-terminated, NA row numbers in range, logicals 0, 1 or NA. Invalid UTF-8 becomes U+FFFD.
 *
 * <p>Each chunk is decoded as it arrives, straight into the column's values, which the frame then
 * takes over as they are: no column is gathered into one buffer first, nor copied into the frame
 * (for a million rows those copies were a third of what the host allocated, and the garbage
 * collections they brought on cost more than the copying). A value or string cut by a chunk
 * boundary waits in a small carry buffer.
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
    private Column column;
    private long filled;

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
            if (c.size() > current.bytes() - filled) {
                throw new IllegalArgumentException("column '" + current.name() + "' got more bytes than announced");
            }
            column.feed(c.data(), 0, c.size());
            filled += c.size();
            if (filled == current.bytes()) {
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
        // bytes >= rows + 4 na (strings) and bytes == rows * width, written so that nothing overflows
        boolean sized = t == WireType.STRING
                ? h.na() <= rows && rows <= h.bytes() && (h.bytes() - rows) / 4 >= h.na()
                : h.na() == 0 && h.bytes() % t.width() == 0 && h.bytes() / t.width() == rows;
        if (!sized) {
            throw new IllegalArgumentException("column '" + h.name() + "' announces " + h.bytes() + " bytes and "
                    + h.na() + " NAs for " + rows + " " + t.wireName() + " values");
        }
        if (h.bytes() > maxBytes - total || h.bytes() > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("the data frame is over the limit of " + maxBytes + " bytes");
        }
        total += h.bytes();
        current = h;
        filled = 0;
        int n = (int) rows; // at most bytes, which is within an int
        column = t == WireType.STRING ? new StringColumn(h, n) : new FixedColumn(h, n);
        if (h.bytes() == 0) {
            finish();
        }
    }

    private void finish() {
        column.addTo(builder);
        columns++;
        current = null;
        column = null;
    }

    /** One column being decoded. */
    private interface Column {
        void feed(byte[] b, int off, int len);

        /** Called once every announced byte arrived. */
        void addTo(DataFrame.Builder builder);
    }

    /** Doubles, integers, logicals, dates, timestamps: fixed-width little-endian values. */
    private static final class FixedColumn implements Column {
        private final ChildMessage.ColumnHeader h;
        private final int width;
        private final Object values;
        private final byte[] carry = new byte[8];
        private int carried;
        private int count;
        /** One LocalDate per distinct day (dates repeat: a year has 366 of them), direct-mapped. */
        private LocalDate[] dayCache;
        private long[] dayKeys;

        FixedColumn(ChildMessage.ColumnHeader h, int n) {
            this.h = h;
            this.width = h.type().width();
            this.values = switch (h.type()) {
                case DOUBLE -> new double[n];
                case INTEGER -> new int[n];
                case LOGICAL -> new Boolean[n];
                case DATE -> new LocalDate[n];
                case TIMESTAMP -> new Instant[n];
                case STRING -> throw new IllegalStateException();
            };
        }

        @Override
        public void feed(byte[] b, int off, int len) {
            int end = off + len;
            if (carried > 0) {
                int take = Math.min(width - carried, len);
                System.arraycopy(b, off, carry, carried, take);
                carried += take;
                off += take;
                if (carried < width) {
                    return;
                }
                decode(ByteBuffer.wrap(carry, 0, width).order(ByteOrder.LITTLE_ENDIAN), 1);
                carried = 0;
            }
            int whole = (end - off) / width;
            if (whole > 0) {
                decode(ByteBuffer.wrap(b, off, whole * width).order(ByteOrder.LITTLE_ENDIAN), whole);
                off += whole * width;
            }
            if (off < end) {
                System.arraycopy(b, off, carry, 0, end - off);
                carried = end - off;
            }
        }

        /** Decodes {@code k} values from {@code buf} into the next rows. */
        private void decode(ByteBuffer buf, int k) {
            switch (h.type()) {
                case DOUBLE -> buf.asDoubleBuffer().get((double[]) values, count, k);
                case INTEGER -> buf.asIntBuffer().get((int[]) values, count, k);
                case LOGICAL -> {
                    Boolean[] v = (Boolean[]) values;
                    for (int r = count; r < count + k; r++) {
                        int x = buf.getInt();
                        if (x != 0 && x != 1 && x != DataFrame.NA_INTEGER) {
                            throw new IllegalArgumentException("column '" + h.name() + "': " + x + " is not a logical");
                        }
                        v[r] = x == DataFrame.NA_INTEGER ? null : x == 1;
                    }
                }
                case DATE -> {
                    LocalDate[] v = (LocalDate[]) values;
                    for (int r = count; r < count + k; r++) {
                        v[r] = date(buf.getDouble());
                    }
                }
                case TIMESTAMP -> {
                    Instant[] v = (Instant[]) values;
                    for (int r = count; r < count + k; r++) {
                        v[r] = instant(buf.getDouble());
                    }
                }
                case STRING -> throw new IllegalStateException();
            }
            count += k;
        }

        private LocalDate date(double days) {
            double d = Math.floor(days);
            if (!(Double.isFinite(d) && d >= SMALLEST_DATE_DAY && d <= LARGEST_DATE_DAY)) {
                return null;
            }
            long day = (long) d;
            if (dayCache == null) {
                int size = Integer.highestOneBit(Math.max(16, Math.min(1 << 15, ((Object[]) values).length)));
                dayCache = new LocalDate[size];
                dayKeys = new long[size];
            }
            int slot = (int) (day & (dayCache.length - 1));
            LocalDate cached = dayCache[slot];
            if (cached == null || dayKeys[slot] != day) {
                cached = LocalDate.ofEpochDay(day);
                dayCache[slot] = cached;
                dayKeys[slot] = day;
            }
            return cached;
        }

        @Override
        public void addTo(DataFrame.Builder builder) {
            DataFrame.ColumnType type = switch (h.type()) {
                case DOUBLE -> DataFrame.ColumnType.DOUBLE;
                case INTEGER -> DataFrame.ColumnType.INTEGER;
                case LOGICAL -> DataFrame.ColumnType.LOGICAL;
                case DATE -> DataFrame.ColumnType.DATE;
                case TIMESTAMP -> DataFrame.ColumnType.TIMESTAMP;
                case STRING -> throw new IllegalStateException();
            };
            builder.adopt(h.name(), type, values, count);
        }
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

    /**
     * NUL-terminated UTF-8 strings, then the 1-based row numbers of the NAs. A string cut by a
     * chunk boundary is gathered in {@code partial}, which grows only as far as its bytes arrive.
     */
    private static final class StringColumn implements Column {
        private final ChildMessage.ColumnHeader h;
        private final int n;
        private final long textBytes;
        private String[] values;
        private int count;
        private long textSeen;
        private byte[] partial = new byte[64];
        private int partialLength;
        private final byte[] carry = new byte[4];
        private int carried;
        private long nasSeen;

        StringColumn(ChildMessage.ColumnHeader h, int n) {
            this.h = h;
            this.n = n;
            this.textBytes = h.bytes() - 4 * h.na();
            this.values = new String[Math.min(n, 1 << 16)];
        }

        @Override
        public void feed(byte[] b, int off, int len) {
            int end = off + len;
            if (textSeen < textBytes) {
                int textEnd = (int) Math.min(end, off + (textBytes - textSeen));
                text(b, off, textEnd);
                textSeen += textEnd - off;
                off = textEnd;
                if (textSeen == textBytes) {
                    if (partialLength > 0 || count < n) {
                        throw new IllegalArgumentException("column '" + h.name() + "' holds fewer than " + n + " strings");
                    }
                }
            }
            while (off < end) {
                carry[carried++] = b[off++];
                if (carried == 4) {
                    carried = 0;
                    int row = ByteBuffer.wrap(carry).order(ByteOrder.LITTLE_ENDIAN).getInt();
                    if (row < 1 || row > n) {
                        throw new IllegalArgumentException("column '" + h.name() + "': NA at row " + row + " of " + n);
                    }
                    values[row - 1] = null;
                    nasSeen++;
                }
            }
        }

        private void text(byte[] b, int from, int to) {
            int start = from;
            for (int i = from; i < to; i++) {
                if (b[i] != 0) {
                    continue;
                }
                if (count == n) {
                    throw new IllegalArgumentException("column '" + h.name() + "' holds more than " + n + " strings");
                }
                String s;
                if (partialLength > 0) {
                    append(b, start, i);
                    s = new String(partial, 0, partialLength, StandardCharsets.UTF_8);
                    partialLength = 0;
                } else {
                    s = new String(b, start, i - start, StandardCharsets.UTF_8);
                }
                if (count == values.length) {
                    values = Arrays.copyOf(values, (int) Math.min(n, 2L * values.length));
                }
                values[count++] = s;
                start = i + 1;
            }
            if (start < to) {
                if (count == n) {
                    throw new IllegalArgumentException("column '" + h.name() + "' holds more than " + n + " strings");
                }
                append(b, start, to);
            }
        }

        private void append(byte[] b, int from, int to) {
            int len = to - from;
            if (partialLength + len > partial.length) {
                // at most the column's text: within the cap checked when the column was announced
                long grown = Math.max(2L * partial.length, (long) partialLength + len);
                partial = Arrays.copyOf(partial, (int) Math.min(grown, textBytes));
            }
            System.arraycopy(b, from, partial, partialLength, len);
            partialLength += len;
        }

        @Override
        public void addTo(DataFrame.Builder builder) {
            builder.adopt(h.name(), DataFrame.ColumnType.STRING, values.length == n ? values : Arrays.copyOf(values, n), n);
        }
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
