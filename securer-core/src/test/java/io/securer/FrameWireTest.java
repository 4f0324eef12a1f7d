package io.securer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.securer.engine.ChildMessage;
import io.securer.engine.OutboundFrame;
import io.securer.engine.WireColumn;
import io.securer.engine.WireType;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The data-frame wire format: what the host encodes decodes back to the same frame, and every
 * hostile claim a child can make is refused with a message (never another exception, never an
 * allocation past the cap).
 */
class FrameWireTest {
    private static final long CAP = 1L << 30;

    static DataFrame everyType() {
        return DataFrame.builder()
                .column("d", new double[] {1.5, DataFrame.NA_DOUBLE, Double.NaN, Double.NEGATIVE_INFINITY, -0.0})
                .column("i", new int[] {1, DataFrame.NA_INTEGER, Integer.MAX_VALUE, -7, 0})
                .column("s", new String[] {"a", null, "", "ünï €😀", "x\ny\t\"q\""})
                .column("b", new Boolean[] {true, null, false, true, null})
                .column("dt", new LocalDate[] {LocalDate.of(2024, 2, 29), null, LocalDate.of(1900, 1, 1),
                        LocalDate.of(1970, 1, 1), LocalDate.of(9999, 12, 31)})
                .column("ts", new Instant[] {Instant.parse("2024-03-01T12:30:00.25Z"), null, Instant.EPOCH,
                        Instant.parse("1969-12-31T23:59:59.5Z"), Instant.parse("2100-01-01T00:00:00Z")})
                .build();
    }

    /** Feeds an encoded frame to a receiver as the child would send it: a header, then chunks of {@code chunk} bytes. */
    static DataFrame roundTrip(DataFrame frame, int chunk) throws IOException {
        OutboundFrame out = FrameEncoder.encode(frame);
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        out.data().writeTo(all);
        assertEquals(out.data().size(), all.size());
        byte[] bytes = all.toByteArray();
        FrameReceiver r = new FrameReceiver(CAP);
        int at = 0;
        for (WireColumn c : out.columns()) {
            r.accept(new ChildMessage.ColumnHeader(1, c.name(), c.type(), out.rows(), c.na(), c.bytes(), false));
            long left = c.bytes();
            while (left > 0) {
                int n = (int) Math.min(chunk, left);
                r.accept(new ChildMessage.Chunk(1, n, Arrays.copyOfRange(bytes, at, at + n)));
                at += n;
                left -= n;
            }
        }
        return r.frame(out.rows(), out.columns().size());
    }

    @Test
    void everyColumnTypeWithNAsComesBackEqual() throws IOException {
        DataFrame f = everyType();
        for (int chunk : new int[] {1, 3, 7, 1 << 20}) {
            DataFrame back = roundTrip(f, chunk);
            assertEquals(f, back, "chunk " + chunk);
        }
        DataFrame back = roundTrip(f, 5);
        assertTrue(DataFrame.isNA(back.doubles("d")[1]));
        assertTrue(Double.isNaN(back.doubles("d")[2]) && !DataFrame.isNA(back.doubles("d")[2]), "NaN stays NaN, not NA");
        assertNull(back.strings("s")[1]);
        assertEquals("", back.strings("s")[2]);
    }

    /**
     * The encoder writes a block at a time: values cut by block boundaries, a string longer than
     * a block, lone surrogates ('?') and NA row numbers past the first block must come out as a
     * whole-frame encoding would.
     */
    @Test
    void framesLargerThanTheEncodersBlockComeBackEqual() throws IOException {
        int n = 300_000;
        double[] d = new double[n];
        int[] i = new int[n];
        String[] s = new String[n];
        Boolean[] b = new Boolean[n];
        LocalDate[] dt = new LocalDate[n];
        for (int r = 0; r < n; r++) {
            d[r] = r % 11 == 0 ? DataFrame.NA_DOUBLE : r / 3.0;
            i[r] = r % 13 == 0 ? DataFrame.NA_INTEGER : -r;
            s[r] = r % 17 == 0 ? null : r % 5 == 0 ? "é€😀-" + r : "row-" + r;
            b[r] = r % 7 == 0 ? null : r % 2 == 0;
            dt[r] = r % 19 == 0 ? null : LocalDate.ofEpochDay(r % 40_000 - 20_000);
        }
        s[1] = "x".repeat(FrameEncoder.BLOCK + 5) + "é";
        s[2] = "lone \uD800 surrogate";
        DataFrame f = DataFrame.builder().column("d", d).column("i", i).column("s", s).column("b", b).column("dt", dt).build();
        DataFrame back = roundTrip(f, 131_072);
        String[] expected = s.clone();
        expected[2] = "lone ? surrogate";
        assertArrayEquals(expected, back.strings("s"));
        assertEquals(DataFrame.builder().column("d", d).column("i", i).column("s", expected).column("b", b)
                .column("dt", dt).build(), back);
        // a small frame gets a small buffer; a string that might not fit it goes on its own
        DataFrame small = DataFrame.builder().column("s", new String[] {"é".repeat(3000), null, "a"}).build();
        assertEquals(small, roundTrip(small, 7));
    }

    @Test
    void anEmptyFrameAndZeroRowFramesTravel() throws IOException {
        assertEquals(0, roundTrip(DataFrame.builder().build(), 4).columnCount());
        DataFrame zero = DataFrame.builder().column("a", new double[0]).column("s", new String[0]).build();
        assertEquals(zero, roundTrip(zero, 4));
    }

    private static ChildMessage.ColumnHeader header(String name, WireType type, long rows, long na, long bytes) {
        return new ChildMessage.ColumnHeader(1, name, type, rows, na, bytes, false);
    }

    private static ChildMessage.Chunk chunk(byte[] b) {
        return new ChildMessage.Chunk(1, b.length, b);
    }

    private static String refused(Runnable r) {
        return assertThrows(IllegalArgumentException.class, r::run).getMessage();
    }

    @Test
    void fixedWidthColumnsMustAnnounceExactlyRowsTimesWidth() {
        assertEquals("column 'x' announces 15 bytes and 0 NAs for 2 double values",
                refused(() -> new FrameReceiver(CAP).accept(header("x", WireType.DOUBLE, 2, 0, 15))));
        assertEquals("column 'x' announces 8 bytes and 1 NAs for 2 integer values",
                refused(() -> new FrameReceiver(CAP).accept(header("x", WireType.INTEGER, 2, 1, 8))));
    }

    @Test
    void stringColumnsNeedOneTerminatorPerRowAndNAsInRange() {
        FrameReceiver r = new FrameReceiver(CAP);
        r.accept(header("s", WireType.STRING, 2, 0, 4));
        assertEquals("column 's' holds fewer than 2 strings", refused(() -> r.accept(chunk(new byte[] {'a', 'b', 'c', 0}))));
        FrameReceiver more = new FrameReceiver(CAP);
        more.accept(header("s", WireType.STRING, 1, 0, 4));
        assertEquals("column 's' holds more than 1 strings", refused(() -> more.accept(chunk(new byte[] {'a', 0, 'b', 0}))));
        FrameReceiver na = new FrameReceiver(CAP);
        na.accept(header("s", WireType.STRING, 1, 1, 5));
        assertEquals("column 's': NA at row 2 of 1", refused(() -> na.accept(chunk(new byte[] {0, 2, 0, 0, 0}))));
        assertEquals("column 's' announces 2 bytes and 1 NAs for 1 string values",
                refused(() -> new FrameReceiver(CAP).accept(header("s", WireType.STRING, 1, 1, 2))));
    }

    @Test
    void invalidUtf8BecomesReplacementCharacters() throws IOException {
        FrameReceiver r = new FrameReceiver(CAP);
        r.accept(header("s", WireType.STRING, 1, 0, 4));
        r.accept(chunk(new byte[] {(byte) 0xff, (byte) 0xfe, 'A', 0}));
        assertEquals("\uFFFD\uFFFDA", r.frame(1, 1).strings("s")[0]);
    }

    @Test
    void logicalsAreZeroOneOrNA() {
        FrameReceiver r = new FrameReceiver(CAP);
        r.accept(header("b", WireType.LOGICAL, 1, 0, 4));
        assertEquals("column 'b': 5 is not a logical", refused(() -> r.accept(chunk(new byte[] {5, 0, 0, 0}))));
    }

    @Test
    void namesMustBeUniqueAndRowsEqual() {
        FrameReceiver r = new FrameReceiver(CAP);
        r.accept(header("a", WireType.DOUBLE, 0, 0, 0));
        assertEquals("column names must be unique and non-empty", refused(() -> r.accept(header("a", WireType.DOUBLE, 0, 0, 0))));
        assertEquals("column 'b' has 1 rows, not 0", refused(() -> r.accept(header("b", WireType.DOUBLE, 1, 0, 8))));
        assertEquals("column names must be unique and non-empty",
                refused(() -> new FrameReceiver(CAP).accept(header("", WireType.DOUBLE, 0, 0, 0))));
    }

    @Test
    void theCapIsCheckedBeforeAnythingIsAllocated() {
        FrameReceiver r = new FrameReceiver(1000);
        assertEquals("the data frame is over the limit of 1000 bytes",
                refused(() -> r.accept(header("a", WireType.DOUBLE, 200_000_000, 0, 1_600_000_000L))));
        FrameReceiver r2 = new FrameReceiver(1000);
        r2.accept(header("a", WireType.DOUBLE, 100, 0, 800));
        r2.accept(chunk(new byte[800]));
        assertEquals("the data frame is over the limit of 1000 bytes",
                refused(() -> r2.accept(header("b", WireType.DOUBLE, 100, 0, 800))));
    }

    @Test
    void chunksMustFollowAHeaderAndFitIt() {
        assertEquals("a data chunk with no column announced", refused(() -> new FrameReceiver(CAP).accept(chunk(new byte[1]))));
        FrameReceiver r = new FrameReceiver(CAP);
        r.accept(header("a", WireType.DOUBLE, 1, 0, 8));
        assertEquals("column 'a' got more bytes than announced", refused(() -> r.accept(chunk(new byte[9]))));
        FrameReceiver early = new FrameReceiver(CAP);
        early.accept(header("a", WireType.DOUBLE, 1, 0, 8));
        early.accept(chunk(new byte[4]));
        assertEquals("column 'a' ended early", refused(early::complete));
        assertEquals("column 'b' announced before 'a' was complete",
                refused(() -> early.accept(header("b", WireType.DOUBLE, 1, 0, 8))));
    }

    @Test
    void theResultMustCountWhatArrived() {
        FrameReceiver r = new FrameReceiver(CAP);
        r.accept(header("a", WireType.DOUBLE, 1, 0, 8));
        r.accept(chunk(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putDouble(2.5).array()));
        assertEquals("the result announces 1 rows and 2 columns, but 1 columns of 1 rows arrived",
                refused(() -> r.frame(1, 2)));
        assertEquals(2.5, r.frame(1, 1).doubles("a")[0]);
    }

    @Test
    void datesAndTimesOutOfJavaRangeAreNA() {
        FrameReceiver r = new FrameReceiver(CAP);
        r.accept(header("d", WireType.DATE, 2, 0, 16));
        r.accept(chunk(ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putDouble(1e300).putDouble(19_000.7).array()));
        r.accept(header("t", WireType.TIMESTAMP, 2, 0, 16));
        r.accept(chunk(ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putDouble(Double.POSITIVE_INFINITY)
                .putDouble(1.000001).array()));
        DataFrame f = r.frame(2, 2);
        assertNull(f.dates("d")[0]);
        assertEquals(LocalDate.ofEpochDay(19_000), f.dates("d")[1]);
        assertNull(f.timestamps("t")[0]);
        assertEquals(Instant.ofEpochSecond(1, 1000), f.timestamps("t")[1]);
    }

    /** Random headers and chunks: the receiver only ever refuses with a message, and never allocates past its cap. */
    @Test
    void randomAndHostileFramesAreRefusedCleanly() {
        Random rnd = new Random(42);
        WireType[] types = WireType.values();
        int refusals = 0;
        for (int round = 0; round < 20_000; round++) {
            FrameReceiver r = new FrameReceiver(64 * 1024);
            try {
                for (int step = 0; step < 6; step++) {
                    if (rnd.nextBoolean()) {
                        long rows = rnd.nextInt(4) == 0 ? rnd.nextLong() & Long.MAX_VALUE : rnd.nextInt(20);
                        long bytes = rnd.nextInt(4) == 0 ? rnd.nextLong() & Long.MAX_VALUE : rnd.nextInt(200);
                        r.accept(header(rnd.nextInt(5) == 0 ? "" : "c" + rnd.nextInt(3), types[rnd.nextInt(types.length)],
                                rows, rnd.nextInt(3), bytes));
                    } else {
                        byte[] b = new byte[rnd.nextInt(40)];
                        rnd.nextBytes(b);
                        r.accept(chunk(b));
                    }
                }
                r.complete();
            } catch (IllegalArgumentException expected) {
                refusals++;
            }
        }
        assertTrue(refusals > 15_000, "most random input is refused: " + refusals);
    }

    @Test
    void stringsHoldingNulAreRefusedByTheBuilder() {
        assertEquals("column 's', row 2: R strings cannot hold a NUL character",
                refused(() -> DataFrame.builder().column("s", new String[] {"ok", "a\0b"})));
    }

    @Test
    void encodedStringsAreNulTerminatedUtf8ThenNaRows() throws IOException {
        OutboundFrame out = FrameEncoder.encode(DataFrame.builder().column("s", new String[] {"é", null}).build());
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        out.data().writeTo(b);
        byte[] expected = {(byte) 0xc3, (byte) 0xa9, 0, 0, 2, 0, 0, 0};
        assertEquals(Arrays.toString(expected), Arrays.toString(b.toByteArray()));
        assertEquals(new WireColumn("s", WireType.STRING, 8, 1), out.columns().get(0));
        assertEquals("é", new String(b.toByteArray(), 0, 2, StandardCharsets.UTF_8));
    }
}
