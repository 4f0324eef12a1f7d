package io.securer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class DataFrameTest {
    @Test
    void rsNaIsANaNWithPayload1954AndPlainNaNIsNot() {
        assertTrue(DataFrame.isNA(DataFrame.NA_DOUBLE));
        assertTrue(Double.isNaN(DataFrame.NA_DOUBLE));
        assertFalse(DataFrame.isNA(Double.NaN));
        assertFalse(DataFrame.isNA(1954));
        assertEquals(Integer.MIN_VALUE, DataFrame.NA_INTEGER);
    }

    @Test
    void columnsAreCopiedInAndOut() {
        double[] d = {1, 2};
        DataFrame f = DataFrame.builder().column("d", d).build();
        d[0] = 99;
        assertArrayEquals(new double[] {1, 2}, f.doubles("d"));
        f.doubles("d")[1] = 99;
        assertArrayEquals(new double[] {1, 2}, f.doubles("d"));
        assertEquals(2, f.rowCount());
        assertEquals(List.of("d"), f.columnNames());
    }

    @Test
    void wrongTypesMissingColumnsAndUnevenLengthsAreRefusedWithTheirNames() {
        DataFrame f = DataFrame.builder().column("n", new int[] {1}).build();
        assertEquals("column 'n' holds INTEGER values, not DOUBLE",
                assertThrows(IllegalArgumentException.class, () -> f.doubles("n")).getMessage());
        assertEquals("no column 'x'; the columns are [n]",
                assertThrows(IllegalArgumentException.class, () -> f.ints("x")).getMessage());
        assertEquals("column 'b' has 2 values; the frame has 1 rows", assertThrows(IllegalArgumentException.class,
                () -> DataFrame.builder().column("a", new int[1]).column("b", new double[2])).getMessage());
        assertEquals("duplicate column name 'a'", assertThrows(IllegalArgumentException.class,
                () -> DataFrame.builder().column("a", new int[1]).column("a", new int[1])).getMessage());
        assertEquals("a column name must be non-empty and hold no NUL character",
                assertThrows(IllegalArgumentException.class, () -> DataFrame.builder().column("", new int[1])).getMessage());
    }

    @Test
    void equalityComparesNamesTypesAndValuesWithNAEqualToNA() {
        DataFrame a = DataFrame.builder().column("x", new double[] {DataFrame.NA_DOUBLE}).column("s", new String[] {null}).build();
        DataFrame b = DataFrame.builder().column("x", new double[] {DataFrame.NA_DOUBLE}).column("s", new String[] {null}).build();
        assertEquals(a, b);
        assertNotEquals(a, DataFrame.builder().column("x", new double[] {1}).column("s", new String[] {null}).build());
        assertEquals("DataFrame[1 rows, columns {x=DOUBLE, s=STRING}]", a.toString());
    }

    @Test
    void aJdbcResultSetMapsSqlTypesToColumnsAndNullToNA() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:h2:mem:frames");
             Statement st = c.createStatement()) {
            st.execute("create table t (id int, big bigint, price decimal(10,2), ratio double, ok boolean, sold date, "
                    + "stamp timestamp, zoned timestamp with time zone, name varchar(20), note clob)");
            st.execute("insert into t values (1, 9007199254740993, 12.50, 0.25, true, date '2024-02-29', "
                    + "timestamp '2024-03-01 12:30:00', timestamp with time zone '2024-03-01 12:30:00+02:00', 'Ann', 'long')");
            st.execute("insert into t values (null, null, null, null, null, null, null, null, null, null)");
            try (ResultSet rs = st.executeQuery("select id, big, price, ratio, ok, sold, stamp, zoned, name, note, id from t order by id nulls last")) {
                DataFrame f = DataFrame.fromResultSet(rs);
                assertEquals(List.of("ID", "BIG", "PRICE", "RATIO", "OK", "SOLD", "STAMP", "ZONED", "NAME", "NOTE", "ID.1"),
                        f.columnNames());
                assertEquals(DataFrame.ColumnType.INTEGER, f.columnType("ID"));
                assertArrayEquals(new int[] {1, DataFrame.NA_INTEGER}, f.ints("ID"));
                assertEquals(9.007199254740992E15, f.doubles("BIG")[0]);
                assertEquals(12.5, f.doubles("PRICE")[0]);
                assertTrue(DataFrame.isNA(f.doubles("PRICE")[1]));
                assertEquals(0.25, f.doubles("RATIO")[0]);
                assertArrayEquals(new Boolean[] {true, null}, f.logicals("OK"));
                assertArrayEquals(new LocalDate[] {LocalDate.of(2024, 2, 29), null}, f.dates("SOLD"));
                assertArrayEquals(new Instant[] {Instant.parse("2024-03-01T12:30:00Z"), null}, f.timestamps("STAMP"));
                assertArrayEquals(new Instant[] {Instant.parse("2024-03-01T10:30:00Z"), null}, f.timestamps("ZONED"));
                assertArrayEquals(new String[] {"Ann", null}, f.strings("NAME"));
                assertArrayEquals(new String[] {"long", null}, f.strings("NOTE"));
                assertNull(f.strings("NOTE")[1]);
            }
        }
    }

    @Test
    void anEmptyResultSetGivesZeroRowsWithTheColumns() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:h2:mem:empty");
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("select 1 as a, 'x' as b where 1 = 0")) {
            DataFrame f = DataFrame.fromResultSet(rs);
            assertEquals(0, f.rowCount());
            assertEquals(List.of("A", "B"), f.columnNames());
        }
    }
}
