package io.securer.bench;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.rosuda.REngine.REXP;
import org.rosuda.REngine.REXPDouble;
import org.rosuda.REngine.REXPMismatchException;
import org.rosuda.REngine.RList;
import org.rosuda.REngine.Rserve.RConnection;
import org.rosuda.REngine.Rserve.RserveException;
import org.rosuda.REngine.Rserve.protocol.REXPFactory;

/**
 * Rserve as the benchmark's peer: the same work securer is measured on, done the way a Java
 * program does it with Rserve's own client. Each method returns raw samples in nanoseconds and
 * checks every result it timed, outside the timed region, so a figure is never of wrong work.
 */
public final class RservePeer {
    private RservePeer() {
    }

    /** Samples of a warm {@code eval("1+1")} and the value R returned. */
    public record WarmEval(long[] nanos, double value) {
    }

    /** {@code eval("1+1")} on one connection, {@code warmup} times untimed, then {@code n} timed. */
    public static WarmEval warmEval(RConnection c, int warmup, int n) throws RserveException, REXPMismatchException {
        for (int i = 0; i < warmup; i++) {
            c.eval("1+1");
        }
        long[] t = new long[n];
        double value = Double.NaN;
        for (int i = 0; i < n; i++) {
            long t0 = System.nanoTime();
            REXP r = c.eval("1+1");
            t[i] = System.nanoTime() - t0;
            value = r.asDouble();
            if (value != 2.0) {
                throw new IllegalStateException("1+1 gave " + value);
            }
        }
        return new WarmEval(t, value);
    }

    /**
     * A new connection, {@code eval("1+1")}, close: what a new conversation pays with Rserve (the
     * server forks a child R for each connection, with whatever the server had loaded).
     */
    public static long[] newConnection(RserveServer server, int warmup, int n) throws RserveException, REXPMismatchException {
        long[] t = new long[n];
        for (int i = 0; i < warmup + n; i++) {
            long t0 = System.nanoTime();
            RConnection c = server.connect();
            double v = c.eval("1+1").asDouble();
            c.close();
            long dt = System.nanoTime() - t0;
            if (v != 2.0) {
                throw new IllegalStateException("1+1 gave " + v);
            }
            if (i >= warmup) {
                t[i - warmup] = dt;
            }
        }
        return t;
    }

    /**
     * Data in: Java arrays to a data.frame {@code d} in R, i.e. {@link RserveFrame#toREXP()} plus
     * {@code assign("d", ...)}, timed; then, untimed, R checks row count, column classes, NA
     * counts, sums and spot values against the Java arrays.
     */
    public static long[] dataIn(RConnection c, RserveFrame f, int warmup, int runs) throws Exception {
        long[] t = new long[runs];
        for (int i = 0; i < warmup + runs; i++) {
            c.voidEval("if (exists('d')) rm(d); invisible(gc())");
            long t0 = System.nanoTime();
            c.assign("d", f.toREXP());
            long dt = System.nanoTime() - t0;
            verifyInR(c, f);
            if (i >= warmup) {
                t[i - warmup] = dt;
            }
        }
        return t;
    }

    /**
     * Data out: with {@code d} in R, {@code eval("d")} and the conversion to Java arrays
     * ({@code double[]}, {@code int[]}, {@code String[]}, {@code Boolean[]}, {@code LocalDate[]}),
     * timed; then, untimed, every value is compared with the frame that was sent.
     */
    public static long[] dataOut(RConnection c, RserveFrame f, int warmup, int runs) throws Exception {
        c.assign("d", f.toREXP());
        verifyInR(c, f);
        long[] t = new long[runs];
        for (int i = 0; i < warmup + runs; i++) {
            long t0 = System.nanoTime();
            RserveFrame back = RserveFrame.fromREXP(c.eval("d"));
            long dt = System.nanoTime() - t0;
            int diff = f.firstDifference(back);
            if (diff >= 0) {
                throw new IllegalStateException("row " + diff + " came back different");
            }
            if (i >= warmup) {
                t[i - warmup] = dt;
            }
        }
        return t;
    }

    /**
     * The Java half of data in, without the socket or R: arrays to REXP, then REXP to the QAP
     * bytes that {@code assign} would send (what {@code RConnection.assign} does before writing).
     */
    public static long[] encodeOnly(RserveFrame f, int warmup, int runs) throws REXPMismatchException {
        long[] t = new long[runs];
        for (int i = 0; i < warmup + runs; i++) {
            long t0 = System.nanoTime();
            REXPFactory qap = new REXPFactory(f.toREXP());
            byte[] buf = new byte[qap.getBinaryLength()];
            qap.getBinaryRepresentation(buf, 0);
            long dt = System.nanoTime() - t0;
            if (buf.length < f.rows()) {
                throw new IllegalStateException("QAP encoding is only " + buf.length + " bytes");
            }
            if (i >= warmup) {
                t[i - warmup] = dt;
            }
        }
        return t;
    }

    /** Bytes of the QAP message body that {@code assign} sends for this frame. */
    public static long wireBytes(RserveFrame f) throws REXPMismatchException {
        return new REXPFactory(f.toREXP()).getBinaryLength();
    }

    /** Checks, in R, that {@code d} is the frame {@code f}: shape, classes, NAs, sums and spot values. */
    public static void verifyInR(RConnection c, RserveFrame f) throws RserveException, REXPMismatchException {
        int n = f.rows();
        int[] spots = spotRows(n);
        String idx = Arrays.stream(spots).mapToObj(i -> Integer.toString(i + 1)).collect(Collectors.joining(", "));
        REXP r = c.eval("local({ i <- c(" + idx + "); list("
                + "n = nrow(d), cls = vapply(d, function(x) class(x)[1], ''),"
                + "na = vapply(d, function(x) sum(is.na(x)), 0L), nan = sum(is.nan(d$num)),"
                + "nchar = sum(nchar(d$chr, type = 'chars'), na.rm = TRUE),"
                + "intSum = sum(as.numeric(d$int), na.rm = TRUE), lglSum = sum(d$lgl, na.rm = TRUE),"
                + "daySum = sum(unclass(d$day), na.rm = TRUE), numSum = sum(d$num, na.rm = TRUE),"
                + "num = d$num[i], int = d$int[i], chr = d$chr[i], lgl = as.character(d$lgl[i]),"
                + "day = format(d$day[i])) })");
        RList l = r.asList();
        check(l.at("n").asInteger() == n, "nrow(d) = " + l.at("n").asInteger() + ", expected " + n);
        check(Arrays.equals(l.at("cls").asStrings(), RserveFrame.R_CLASSES),
                "column classes " + Arrays.toString(l.at("cls").asStrings()));
        check(Arrays.equals(l.at("na").asIntegers(), f.naCounts()),
                "NA counts " + Arrays.toString(l.at("na").asIntegers()) + ", expected " + Arrays.toString(f.naCounts()));
        check(l.at("nan").asInteger() == 0, "a double NA arrived as NaN");
        long nchar = 0;
        long intSum = 0;
        long lglSum = 0;
        long daySum = 0;
        double numSum = 0;
        for (int i = 0; i < n; i++) {
            nchar += f.chr()[i] == null ? 0 : f.chr()[i].length();
            intSum += f.integer()[i] == Integer.MIN_VALUE ? 0 : f.integer()[i];
            lglSum += Boolean.TRUE.equals(f.lgl()[i]) ? 1 : 0;
            daySum += f.day()[i] == null ? 0 : f.day()[i].toEpochDay();
            numSum += REXPDouble.isNA(f.num()[i]) ? 0 : f.num()[i];
        }
        check(l.at("nchar").asDouble() == nchar, "total string length " + l.at("nchar").asDouble() + ", expected " + nchar);
        check(l.at("intSum").asDouble() == intSum, "integer sum " + l.at("intSum").asDouble() + ", expected " + intSum);
        check(l.at("lglSum").asDouble() == lglSum, "TRUE count " + l.at("lglSum").asDouble() + ", expected " + lglSum);
        check(l.at("daySum").asDouble() == daySum, "day sum " + l.at("daySum").asDouble() + ", expected " + daySum);
        double numR = l.at("numSum").asDouble();
        check(Math.abs(numR - numSum) <= 1e-9 * Math.max(1, Math.abs(numSum)), "double sum " + numR + ", expected " + numSum);
        double[] num = l.at("num").asDoubles();
        int[] ints = l.at("int").asIntegers();
        String[] chr = l.at("chr").asStrings();
        String[] lgl = l.at("lgl").asStrings();
        String[] day = l.at("day").asStrings();
        for (int k = 0; k < spots.length; k++) {
            int i = spots[k];
            double want = f.num()[i];
            boolean numOk = REXPDouble.isNA(want) ? REXPDouble.isNA(num[k])
                    : Double.doubleToRawLongBits(want) == Double.doubleToRawLongBits(num[k]);
            Boolean b = f.lgl()[i];
            LocalDate d = f.day()[i];
            check(numOk && ints[k] == f.integer()[i] && java.util.Objects.equals(chr[k], f.chr()[i])
                    && java.util.Objects.equals(lgl[k], b == null ? null : (b ? "TRUE" : "FALSE"))
                    && java.util.Objects.equals(day[k], d == null ? null : d.toString()),
                    String.format(Locale.ROOT, "row %d: R has %s %d %s %s %s", i + 1, num[k], ints[k], chr[k], lgl[k], day[k]));
        }
    }

    /** Rows (0-based) to spot-check: the ends, the middle, the first NA of each column, a non-ASCII string. */
    static int[] spotRows(int n) {
        return IntStream.of(0, 1, 3, 5, 7, 11, 13, 97, n / 2, n - 1).filter(i -> i < n).distinct().toArray();
    }

    private static void check(boolean ok, String what) {
        if (!ok) {
            throw new IllegalStateException("Rserve data check failed: " + what);
        }
    }
}
