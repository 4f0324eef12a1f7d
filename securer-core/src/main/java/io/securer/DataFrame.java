package io.securer;

import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A typed, columnar, immutable table: what an R {@code data.frame} holds, for moving data in and
 * out of a session in bulk ({@link SecureSession#assign(String, DataFrame)},
 * {@link SecureSession#getDataFrame(String)}, or a tool handler returning one).
 *
 * <p>Column types and their missing values (R's NA):
 * <ul>
 * <li>{@link ColumnType#DOUBLE}: {@code double[]}; NA is R's own NA value ({@link #NA_DOUBLE},
 * tested with {@link #isNA(double)}; a plain NaN is R's NaN, not NA)</li>
 * <li>{@link ColumnType#INTEGER}: {@code int[]}; NA is {@link #NA_INTEGER} ({@code Integer.MIN_VALUE}, as in R)</li>
 * <li>{@link ColumnType#STRING}: {@code String[]}; NA is {@code null}. R factors come out as strings.</li>
 * <li>{@link ColumnType#LOGICAL}: {@code Boolean[]}; NA is {@code null}</li>
 * <li>{@link ColumnType#DATE}: {@code LocalDate[]} (R's {@code Date}); NA is {@code null}</li>
 * <li>{@link ColumnType#TIMESTAMP}: {@code Instant[]} (R's {@code POSIXct}, UTC; R keeps
 * microseconds at best, as a double of seconds); NA is {@code null}</li>
 * </ul>
 * Arrays go in and come out as copies. Column names are unique and non-empty; row names are not
 * kept.
 */
public final class DataFrame {
    /** R's NA for doubles: a NaN whose low word is 1954. */
    public static final double NA_DOUBLE = Double.longBitsToDouble(0x7FF00000000007A2L);
    /** R's NA for integers. */
    public static final int NA_INTEGER = Integer.MIN_VALUE;

    /** What a column holds; see the class comment for the Java type of each. */
    public enum ColumnType { DOUBLE, INTEGER, STRING, LOGICAL, DATE, TIMESTAMP }

    private final int rows;
    private final List<String> names;
    private final List<ColumnType> types;
    private final List<Object> data;

    private DataFrame(int rows, List<String> names, List<ColumnType> types, List<Object> data) {
        this.rows = rows;
        this.names = List.copyOf(names);
        this.types = List.copyOf(types);
        this.data = List.copyOf(data);
    }

    /** True when {@code value} is R's NA (not merely NaN). */
    public static boolean isNA(double value) {
        return Double.isNaN(value) && (Double.doubleToRawLongBits(value) & 0xFFFFFFFFL) == 1954L;
    }

    public static Builder builder() {
        return new Builder();
    }

    public int rowCount() {
        return rows;
    }

    public int columnCount() {
        return names.size();
    }

    /** Column names, in order. */
    public List<String> columnNames() {
        return names;
    }

    /**
     * The type of column {@code name}.
     *
     * @throws IllegalArgumentException there is no such column
     */
    public ColumnType columnType(String name) {
        return types.get(index(name));
    }

    public double[] doubles(String name) {
        return ((double[]) column(name, ColumnType.DOUBLE)).clone();
    }

    public int[] ints(String name) {
        return ((int[]) column(name, ColumnType.INTEGER)).clone();
    }

    public String[] strings(String name) {
        return ((String[]) column(name, ColumnType.STRING)).clone();
    }

    public Boolean[] logicals(String name) {
        return ((Boolean[]) column(name, ColumnType.LOGICAL)).clone();
    }

    public LocalDate[] dates(String name) {
        return ((LocalDate[]) column(name, ColumnType.DATE)).clone();
    }

    public Instant[] timestamps(String name) {
        return ((Instant[]) column(name, ColumnType.TIMESTAMP)).clone();
    }

    /** Column {@code i}'s array itself, not a copy: only for this package's encoders, which never write to it. */
    Object raw(int i) {
        return data.get(i);
    }

    ColumnType type(int i) {
        return types.get(i);
    }

    private Object column(String name, ColumnType expected) {
        int i = index(name);
        if (types.get(i) != expected) {
            throw new IllegalArgumentException("column '" + name + "' holds " + types.get(i) + " values, not "
                    + expected);
        }
        return data.get(i);
    }

    private int index(String name) {
        int i = names.indexOf(Objects.requireNonNull(name, "name"));
        if (i < 0) {
            throw new IllegalArgumentException("no column '" + name + "'; the columns are " + names);
        }
        return i;
    }

    /**
     * Reads every remaining row of {@code rs} (it is not closed). SQL types map to columns:
     * TINYINT, SMALLINT and INTEGER to INTEGER; BIGINT, REAL, FLOAT, DOUBLE, DECIMAL and NUMERIC
     * to DOUBLE (R has no 64-bit integers: BIGINTs beyond 2^53 lose precision); BOOLEAN and BIT
     * to LOGICAL; DATE to DATE; TIMESTAMP WITH TIME ZONE to TIMESTAMP; TIMESTAMP (without a zone)
     * to TIMESTAMP read as UTC, so R shows the wall-clock time that was stored; everything else
     * to STRING ({@code getString}). SQL NULL is NA. Duplicate column labels get R's suffixes
     * ({@code id}, {@code id.1}), as {@code data.frame} would give them.
     */
    public static DataFrame fromResultSet(ResultSet rs) throws SQLException {
        Objects.requireNonNull(rs, "rs");
        ResultSetMetaData md = rs.getMetaData();
        int n = md.getColumnCount();
        ColumnReader[] readers = new ColumnReader[n];
        List<String> names = uniqueNames(md);
        for (int c = 0; c < n; c++) {
            readers[c] = ColumnReader.of(md.getColumnType(c + 1));
        }
        int rows = 0;
        while (rs.next()) {
            for (int c = 0; c < n; c++) {
                readers[c].read(rs, c + 1);
            }
            rows++;
        }
        Builder b = builder();
        for (int c = 0; c < n; c++) {
            readers[c].addTo(b, names.get(c), rows);
        }
        return b.build();
    }

    private static List<String> uniqueNames(ResultSetMetaData md) throws SQLException {
        List<String> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int c = 1; c <= md.getColumnCount(); c++) {
            String label = md.getColumnLabel(c);
            String base = label == null || label.isEmpty() ? "V" + c : label;
            String name = base;
            for (int k = 1; !seen.add(name); k++) {
                name = base + "." + k;
            }
            out.add(name);
        }
        return out;
    }

    /** Accumulates one result-set column in the array type of its {@link ColumnType}. */
    private static final class ColumnReader {
        final ColumnType type;
        final int sqlType;
        double[] doubles = new double[0];
        int[] ints = new int[0];
        Object[] objects = new Object[0];
        int n;

        private ColumnReader(ColumnType type, int sqlType) {
            this.type = type;
            this.sqlType = sqlType;
        }

        static ColumnReader of(int sqlType) {
            ColumnType t = switch (sqlType) {
                case Types.TINYINT, Types.SMALLINT, Types.INTEGER -> ColumnType.INTEGER;
                case Types.BIGINT, Types.REAL, Types.FLOAT, Types.DOUBLE, Types.DECIMAL, Types.NUMERIC -> ColumnType.DOUBLE;
                case Types.BOOLEAN, Types.BIT -> ColumnType.LOGICAL;
                case Types.DATE -> ColumnType.DATE;
                case Types.TIMESTAMP, Types.TIMESTAMP_WITH_TIMEZONE -> ColumnType.TIMESTAMP;
                default -> ColumnType.STRING;
            };
            return new ColumnReader(t, sqlType);
        }

        void read(ResultSet rs, int c) throws SQLException {
            switch (type) {
                case DOUBLE -> {
                    double v = rs.getDouble(c);
                    doubles = grow(doubles);
                    doubles[n] = rs.wasNull() ? NA_DOUBLE : v;
                }
                case INTEGER -> {
                    int v = rs.getInt(c);
                    ints = grow(ints);
                    ints[n] = rs.wasNull() ? NA_INTEGER : v;
                }
                case LOGICAL -> {
                    boolean v = rs.getBoolean(c);
                    put(rs.wasNull() ? null : v);
                }
                case DATE -> put(rs.getObject(c, LocalDate.class));
                case TIMESTAMP -> {
                    if (sqlType == Types.TIMESTAMP_WITH_TIMEZONE) {
                        OffsetDateTime t = rs.getObject(c, OffsetDateTime.class);
                        put(t == null ? null : t.toInstant());
                    } else {
                        LocalDateTime t = rs.getObject(c, LocalDateTime.class);
                        put(t == null ? null : t.toInstant(ZoneOffset.UTC));
                    }
                }
                case STRING -> put(rs.getString(c));
            }
            n++;
        }

        private double[] grow(double[] a) {
            return n < a.length ? a : Arrays.copyOf(a, Math.max(16, a.length * 2));
        }

        private int[] grow(int[] a) {
            return n < a.length ? a : Arrays.copyOf(a, Math.max(16, a.length * 2));
        }

        private void put(Object v) {
            if (n == objects.length) {
                objects = Arrays.copyOf(objects, Math.max(16, objects.length * 2));
            }
            objects[n] = v;
        }

        void addTo(Builder b, String name, int rows) {
            switch (type) {
                case DOUBLE -> b.column(name, Arrays.copyOf(doubles, rows));
                case INTEGER -> b.column(name, Arrays.copyOf(ints, rows));
                case LOGICAL -> b.column(name, Arrays.copyOf(objects, rows, Boolean[].class));
                case DATE -> b.column(name, Arrays.copyOf(objects, rows, LocalDate[].class));
                case TIMESTAMP -> b.column(name, Arrays.copyOf(objects, rows, Instant[].class));
                case STRING -> b.column(name, Arrays.copyOf(objects, rows, String[].class));
            }
        }
    }

    /** Two frames are equal when they have the same columns (names, types, values; NA equals NA). */
    @Override
    public boolean equals(Object o) {
        if (!(o instanceof DataFrame f) || f.rows != rows || !f.names.equals(names) || !f.types.equals(types)) {
            return false;
        }
        for (int i = 0; i < data.size(); i++) {
            if (!Arrays.deepEquals(new Object[] {data.get(i)}, new Object[] {f.data.get(i)})) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        return Objects.hash(rows, names, types);
    }

    @Override
    public String toString() {
        Map<String, ColumnType> cols = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            cols.put(names.get(i), types.get(i));
        }
        return "DataFrame[" + rows + " rows, columns " + cols + "]";
    }

    /** Collects columns of equal length; {@link #build()} makes the frame. Not thread-safe. */
    public static final class Builder {
        private final List<String> names = new ArrayList<>();
        private final List<ColumnType> types = new ArrayList<>();
        private final List<Object> data = new ArrayList<>();
        private int rows = -1;

        private Builder() {
        }

        public Builder column(String name, double[] values) {
            return add(name, ColumnType.DOUBLE, Objects.requireNonNull(values, "values").clone(), values.length);
        }

        public Builder column(String name, int[] values) {
            return add(name, ColumnType.INTEGER, Objects.requireNonNull(values, "values").clone(), values.length);
        }

        /** Strings; {@code null} is NA. A string holding a NUL character is refused (R cannot hold one). */
        public Builder column(String name, String[] values) {
            String[] copy = Objects.requireNonNull(values, "values").clone();
            for (int i = 0; i < copy.length; i++) {
                if (copy[i] != null && copy[i].indexOf('\0') >= 0) {
                    throw new IllegalArgumentException("column '" + name + "', row " + (i + 1)
                            + ": R strings cannot hold a NUL character");
                }
            }
            return add(name, ColumnType.STRING, copy, copy.length);
        }

        public Builder column(String name, Boolean[] values) {
            return add(name, ColumnType.LOGICAL, Objects.requireNonNull(values, "values").clone(), values.length);
        }

        public Builder column(String name, LocalDate[] values) {
            return add(name, ColumnType.DATE, Objects.requireNonNull(values, "values").clone(), values.length);
        }

        public Builder column(String name, Instant[] values) {
            return add(name, ColumnType.TIMESTAMP, Objects.requireNonNull(values, "values").clone(), values.length);
        }

        /**
         * Takes {@code values} as they are, without the copy and checks of the public methods:
         * for arrays this package made and hands over (a frame decoded from the child, whose
         * strings were cut at their NULs).
         */
        Builder adopt(String name, ColumnType type, Object values, int length) {
            return add(name, type, values, length);
        }

        private Builder add(String name, ColumnType type, Object values, int length) {
            Objects.requireNonNull(name, "name");
            if (name.isEmpty() || name.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("a column name must be non-empty and hold no NUL character");
            }
            if (names.contains(name)) {
                throw new IllegalArgumentException("duplicate column name '" + name + "'");
            }
            if (rows >= 0 && length != rows) {
                throw new IllegalArgumentException("column '" + name + "' has " + length + " values; the frame has "
                        + rows + " rows");
            }
            rows = length;
            names.add(name);
            types.add(type);
            data.add(values);
            return this;
        }

        /** The frame; with no columns, an empty frame of 0 rows. */
        public DataFrame build() {
            return new DataFrame(Math.max(rows, 0), names, types, data);
        }
    }
}
