package io.securer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Data frames in and out of a sandboxed session with default limits, in binary, exact. */
class DataFrameIT {
    private static final int N = 1_000_000;
    private static SecureSession s;

    @BeforeAll
    static void start() {
        RTestSupport.requireR();
        s = SecureSession.builder().sandbox(true).sandboxStrict(true)
                .tool(SecurerTool.builder("sales_table").handler(a -> DataFrame.builder()
                        .column("month", new String[] {"Jan", "Feb", null})
                        .column("amount", new double[] {100.5, DataFrame.NA_DOUBLE, 3})
                        .column("day", new LocalDate[] {LocalDate.of(2024, 1, 31), null, LocalDate.of(2024, 3, 31)})
                        .build()).build())
                .build();
        assertEquals(SandboxMode.BUBBLEWRAP, s.sandboxMode());
    }

    @AfterAll
    static void stop() {
        if (s != null) {
            s.close();
        }
    }

    /** 1e6 rows of every column type, with NAs in every column. */
    static DataFrame million() {
        double[] d = new double[N];
        int[] i = new int[N];
        String[] str = new String[N];
        Boolean[] b = new Boolean[N];
        LocalDate[] dt = new LocalDate[N];
        Instant[] ts = new Instant[N];
        for (int r = 0; r < N; r++) {
            boolean na = r % 97 == 13;
            d[r] = na ? DataFrame.NA_DOUBLE : r * 0.25 - 1000;
            i[r] = na ? DataFrame.NA_INTEGER : r - 500_000;
            str[r] = na ? null : (r % 3 == 0 ? "ünï-" + r : "s" + (r % 1000));
            b[r] = na ? null : r % 2 == 0;
            dt[r] = na ? null : LocalDate.of(1970, 1, 1).plusDays(r % 40_000 - 10_000);
            ts[r] = na ? null : Instant.ofEpochSecond(1_700_000_000L + r, (r % 1000) * 1_000_000L);
        }
        return DataFrame.builder().column("d", d).column("i", i).column("s", str).column("b", b).column("dt", dt)
                .column("ts", ts).build();
    }

    @Test
    void aMillionRowsOfEveryTypeGoInAndComeBackExactly() {
        DataFrame f = million();
        s.assign("big", f);
        // R sees the values the host sent, NAs included
        assertEquals(List.of("1000000", "6", "numeric", "integer", "character", "logical", "Date", "POSIXct",
                        "10310", "ünï-3", "-1000", "-500000", "1942-08-16", "2023-11-14 22:13:20.000"),
                strings("c(nrow(big), ncol(big), sapply(big, function(x) class(x)[1]), sum(is.na(big$d)), big$s[4], "
                        + "big$d[1], big$i[1], format(big$dt[1]), format(big$ts[1], '%Y-%m-%d %H:%M:%OS3', tz = 'UTC'))"));
        assertEquals(10310 * 6, s.execute("sum(is.na(big))").value().asInt());
        DataFrame back = s.getDataFrame("big");
        assertEquals(f, back);
        assertTrue(DataFrame.isNA(back.doubles("d")[13]));
        assertNull(back.strings("s")[13]);
        DataFrame made = s.getDataFrame("data.frame(x = seq_len(1e6), f = factor(rep(c('lo', 'hi'), 5e5)))");
        assertEquals(N, made.rowCount());
        assertEquals("hi", made.strings("f")[1]);
        assertEquals(N, made.ints("x")[N - 1]);
    }

    /** R writes at most 2^20 numbers per writeBin on the bulk pipe; a longer column goes in several, whole. */
    @Test
    void columnsLongerThanOnePipeWriteComeOutWhole() {
        int n = 2_500_000;
        DataFrame made = s.getDataFrame("data.frame(x = seq_len(2.5e6) / 4, i = seq_len(2.5e6), "
                + "b = rep(c(TRUE, NA, FALSE, TRUE), 625000L), dt = as.Date('2000-01-01') + seq_len(2.5e6) %% 1000L)");
        assertEquals(n, made.rowCount());
        double[] x = made.doubles("x");
        int[] i = made.ints("i");
        Boolean[] b = made.logicals("b");
        LocalDate[] dt = made.dates("dt");
        for (int r = 0; r < n; r++) {
            if (x[r] != (r + 1) / 4.0 || i[r] != r + 1 || !java.util.Objects.equals(b[r], r % 4 == 1 ? null : r % 4 != 2)
                    || !dt[r].equals(LocalDate.of(2000, 1, 1).plusDays((r + 1) % 1000))) {
                throw new AssertionError("row " + r + ": " + x[r] + " " + i[r] + " " + b[r] + " " + dt[r]);
            }
        }
    }

    @Test
    void aJdbcResultSetGoesIntoR() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:h2:mem:it");
             Statement st = c.createStatement()) {
            st.execute("create table orders (id int, customer varchar(20), total decimal(10,2), placed date)");
            st.execute("insert into orders select x, 'c' || mod(x, 7), x * 1.5, dateadd('DAY', mod(x, 30), date '2024-01-01') "
                    + "from system_range(1, 5000)");
            st.execute("insert into orders values (5001, null, null, null)");
            try (ResultSet rs = st.executeQuery("select * from orders order by id")) {
                s.assign("orders", DataFrame.fromResultSet(rs));
            }
        }
        assertEquals(List.of("5001", "18753750", "1", "2024-01-02", "c1"), strings(
                "c(nrow(orders), sum(orders$TOTAL, na.rm = TRUE), sum(is.na(orders$CUSTOMER)), "
                        + "format(orders$PLACED[1]), orders$CUSTOMER[1])"));
    }

    @Test
    void aToolReturningADataFrameGivesRADataFrame() {
        assertEquals(List.of("data.frame", "3", "100.5", "TRUE", "2024-01-31", "TRUE"), strings(
                "t <- sales_table(); c(class(t), nrow(t), t$amount[1], is.na(t$month[3]), format(t$day[1]), is.na(t$day[2]))"));
    }

    @Test
    void aValueTooLargeForJsonIsOmittedNotSilentlyNull() {
        ExecutionResult r = s.execute("x <- data.frame(a = runif(2e5), b = 1:2e5); x");
        assertTrue(r.valueOmitted());
        assertTrue(r.value().isNull());
        assertEquals(List.of("data.frame"), r.rClass());
        ExecutionResult small = s.execute("head(x$b, 3)");
        assertFalse(small.valueOmitted());
        assertEquals("[1,2,3]", small.value().toString());
        assertEquals(200_000, s.getDataFrame("x").rowCount());
    }

    @Test
    void whatCannotTravelIsRefusedAndTheSessionKeepsItsState() {
        s.execute("kept <- 7");
        assertEquals("'1:3' is not a data frame (its class is integer)",
                assertThrows(DataTransferException.class, () -> s.getDataFrame("1:3")).getMessage());
        assertEquals("column 'l' is list (class AsIs); only numeric, integer, logical, character, factor, Date and "
                        + "POSIXct columns can be transferred",
                assertThrows(DataTransferException.class, () -> s.getDataFrame("data.frame(l = I(list(1, 2)))")).getMessage());
        assertEquals("the data frame's column names must be unique and non-empty (see make.unique())",
                assertThrows(DataTransferException.class,
                        () -> s.getDataFrame("data.frame(a = 1, a = 2, check.names = FALSE)")).getMessage());
        RExecutionException e = assertThrows(RExecutionException.class, () -> s.getDataFrame("stop('no table')"));
        assertEquals("no table", e.rMessage());
        assertEquals(7, s.execute("kept").value().asInt());
    }

    @Test
    void aFrameOverTheTransferCapIsRefusedBeforeItMoves() {
        try (SecureSession small = SecureSession.builder().maxTransferBytes(4096).build()) {
            DataFrame f = DataFrame.builder().column("d", new double[1000]).build();
            assertEquals("the data frame is 8000 bytes on the wire, over the limit of 4096 bytes (maxTransferBytes)",
                    assertThrows(DataTransferException.class, () -> small.assign("d", f)).getMessage());
            assertEquals("the data frame is over the limit of 4096 bytes (maxTransferBytes)",
                    assertThrows(DataTransferException.class, () -> small.getDataFrame("data.frame(x = runif(1000))"))
                            .getMessage());
            assertEquals(2, small.execute("1 + 1").value().asInt());
        }
    }

    @Test
    void aToolsDataFrameOverTheTransferCapIsAToolError() {
        SecurerTool big = SecurerTool.builder("big_table")
                .handler(a -> DataFrame.builder().column("x", new double[1000]).build()).build();
        try (SecureSession small = SecureSession.builder().tool(big).maxTransferBytes(4096).build()) {
            RExecutionException e = assertThrows(RExecutionException.class, () -> small.execute("big_table()"));
            assertEquals("tool 'big_table' returned a data frame of 8000 bytes, over the limit of 4096 bytes "
                    + "(maxTransferBytes)", e.rMessage());
            assertEquals(2, small.execute("1 + 1").value().asInt());
        }
    }

    private static List<String> strings(String code) {
        List<String> out = new java.util.ArrayList<>();
        s.execute(code).value().forEach(n -> out.add(n.asText()));
        return out;
    }

    @Test
    void zeroRowFramesKeepTheirColumns() {
        s.assign("empty", DataFrame.builder().column("a", new double[0]).column("s", new String[0]).build());
        assertEquals(List.of("0", "a", "s"), strings("c(nrow(empty), names(empty))"));
        DataFrame back = s.getDataFrame("empty[0, , drop = FALSE]");
        assertEquals(0, back.rowCount());
        assertArrayEquals(new String[0], back.strings("s"));
    }
}
