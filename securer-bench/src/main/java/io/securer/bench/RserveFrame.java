package io.securer.bench;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.Objects;
import org.rosuda.REngine.REXP;
import org.rosuda.REngine.REXPDouble;
import org.rosuda.REngine.REXPInteger;
import org.rosuda.REngine.REXPList;
import org.rosuda.REngine.REXPLogical;
import org.rosuda.REngine.REXPMismatchException;
import org.rosuda.REngine.REXPString;
import org.rosuda.REngine.RList;

/**
 * The benchmark's data frame as a Java program holds it: five columns of plain Java arrays, with
 * NA written the way REngine expects it ({@link REXPDouble#NA}'s bit pattern, {@link
 * REXPInteger#NA} = {@code Integer.MIN_VALUE}, {@code null} for strings, logicals and dates).
 *
 * <p>{@link #toREXP()} and {@link #fromREXP} are the conversions a Java user of Rserve has to
 * write; the benchmark times them together with the transfer.
 */
public record RserveFrame(double[] num, int[] integer, String[] chr, Boolean[] lgl, LocalDate[] day) {
    /** Column names, in order, as they are in R. */
    public static final String[] NAMES = {"num", "int", "chr", "lgl", "day"};
    /** {@code class(x)[1]} of each column in R. */
    public static final String[] R_CLASSES = {"numeric", "integer", "character", "logical", "Date"};

    private static final REXPList DATE_CLASS =
            new REXPList(new RList(new REXP[] {new REXPString("Date")}, new String[] {"class"}));

    public RserveFrame {
        int n = num.length;
        if (integer.length != n || chr.length != n || lgl.length != n || day.length != n) {
            throw new IllegalArgumentException("columns differ in length");
        }
    }

    /**
     * A deterministic frame of {@code n} rows. Every column has NAs, at rows that differ by
     * column; the doubles use the whole mantissa; some strings are not ASCII.
     */
    public static RserveFrame generate(int n) {
        double[] num = new double[n];
        int[] integer = new int[n];
        String[] chr = new String[n];
        Boolean[] lgl = new Boolean[n];
        LocalDate[] day = new LocalDate[n];
        LocalDate epoch = LocalDate.of(2000, 1, 1);
        for (int i = 0; i < n; i++) {
            num[i] = i % 17 == 3 ? REXPDouble.NA : (i - n / 2) / 7.0;
            integer[i] = i % 19 == 5 ? REXPInteger.NA : i * 3 - 1_000_000;
            chr[i] = i % 23 == 7 ? null : (i % 97 == 0 ? "café-" + i : "row-" + i);
            lgl[i] = i % 29 == 11 ? null : i % 3 == 0;
            day[i] = i % 31 == 13 ? null : epoch.plusDays(i % 9000);
        }
        return new RserveFrame(num, integer, chr, lgl, day);
    }

    public int rows() {
        return num.length;
    }

    /** NA count per column, in {@link #NAMES} order. */
    public int[] naCounts() {
        int[] na = new int[5];
        for (int i = 0; i < rows(); i++) {
            na[0] += REXPDouble.isNA(num[i]) ? 1 : 0;
            na[1] += integer[i] == REXPInteger.NA ? 1 : 0;
            na[2] += chr[i] == null ? 1 : 0;
            na[3] += lgl[i] == null ? 1 : 0;
            na[4] += day[i] == null ? 1 : 0;
        }
        return na;
    }

    /** The frame as an R data.frame: doubles and ints as they are, logicals as bytes, dates as days since 1970 with class Date. */
    public REXP toREXP() throws REXPMismatchException {
        int n = rows();
        byte[] lglBytes = new byte[n];
        double[] days = new double[n];
        for (int i = 0; i < n; i++) {
            Boolean b = lgl[i];
            lglBytes[i] = b == null ? REXPLogical.NA : (b ? REXPLogical.TRUE : REXPLogical.FALSE);
            LocalDate d = day[i];
            days[i] = d == null ? REXPDouble.NA : d.toEpochDay();
        }
        RList columns = new RList(new REXP[] {
            new REXPDouble(num), new REXPInteger(integer), new REXPString(chr),
            new REXPLogical(lglBytes), new REXPDouble(days, DATE_CLASS)}, NAMES);
        return REXP.createDataFrame(columns);
    }

    /** Converts R's data.frame back to Java arrays, checking names and column types on the way. */
    public static RserveFrame fromREXP(REXP frame) throws REXPMismatchException {
        if (!frame.inherits("data.frame")) {
            throw new IllegalStateException("not a data.frame: " + frame);
        }
        RList cols = frame.asList();
        if (!Arrays.equals(cols.keys(), NAMES)) {
            throw new IllegalStateException("columns " + Arrays.toString(cols.keys()));
        }
        REXP numX = cols.at(0);
        REXP intX = cols.at(1);
        REXP chrX = cols.at(2);
        REXP lglX = cols.at(3);
        REXP dayX = cols.at(4);
        if (!(numX instanceof REXPDouble) || !(intX instanceof REXPInteger) || !(chrX instanceof REXPString)
                || !(lglX instanceof REXPLogical) || !dayX.inherits("Date")) {
            throw new IllegalStateException("column types " + numX.getClass() + ", " + intX.getClass() + ", "
                    + chrX.getClass() + ", " + lglX.getClass() + ", " + dayX.getClass());
        }
        byte[] lglBytes = lglX.asBytes();
        int n = lglBytes.length;
        Boolean[] lgl = new Boolean[n];
        for (int i = 0; i < n; i++) {
            byte b = lglBytes[i];
            lgl[i] = b == REXPLogical.NA ? null : b == REXPLogical.TRUE;
        }
        // R may keep a Date as double (as sent here) or as integer days (e.g. from seq()).
        LocalDate[] day = new LocalDate[n];
        if (dayX instanceof REXPInteger) {
            int[] days = dayX.asIntegers();
            for (int i = 0; i < n; i++) {
                day[i] = days[i] == REXPInteger.NA ? null : LocalDate.ofEpochDay(days[i]);
            }
        } else {
            double[] days = dayX.asDoubles();
            for (int i = 0; i < n; i++) {
                day[i] = Double.isNaN(days[i]) ? null : LocalDate.ofEpochDay((long) days[i]);
            }
        }
        return new RserveFrame(numX.asDoubles(), intX.asIntegers(), chrX.asStrings(), lgl, day);
    }

    /**
     * The first row at which {@code other} differs from this frame, or -1 if every value and
     * every NA matches. Doubles are compared bit for bit except that any NA matches any NA.
     */
    public int firstDifference(RserveFrame other) {
        if (other.rows() != rows()) {
            return Math.min(rows(), other.rows());
        }
        for (int i = 0; i < rows(); i++) {
            boolean naA = REXPDouble.isNA(num[i]);
            boolean naB = REXPDouble.isNA(other.num[i]);
            boolean numSame = naA || naB ? naA == naB
                    : Double.doubleToRawLongBits(num[i]) == Double.doubleToRawLongBits(other.num[i]);
            if (!numSame || integer[i] != other.integer[i] || !Objects.equals(chr[i], other.chr[i])
                    || !Objects.equals(lgl[i], other.lgl[i]) || !Objects.equals(day[i], other.day[i])) {
                return i;
            }
        }
        return -1;
    }
}
