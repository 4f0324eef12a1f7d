package io.securer.bench;

import io.securer.DataFrame;
import java.util.List;

/**
 * The benchmark's frame ({@link RserveFrame}: plain Java arrays) as a securer {@link DataFrame}
 * and back: what a Java program using securer writes, timed with the transfer the same way the
 * REXP conversions are timed for Rserve. Both libraries use R's own NA bit pattern for doubles,
 * so the arrays are compared bit for bit.
 */
final class SecurerFrames {
    private SecurerFrames() {
    }

    static DataFrame toDataFrame(RserveFrame f) {
        String[] n = RserveFrame.NAMES;
        return DataFrame.builder().column(n[0], f.num()).column(n[1], f.integer()).column(n[2], f.chr())
                .column(n[3], f.lgl()).column(n[4], f.day()).build();
    }

    /** The five arrays of a frame that came out of R, checking the column names and types on the way. */
    static RserveFrame fromDataFrame(DataFrame d) {
        if (!d.columnNames().equals(List.of(RserveFrame.NAMES))) {
            throw new IllegalStateException("columns " + d.columnNames());
        }
        String[] n = RserveFrame.NAMES;
        return new RserveFrame(d.doubles(n[0]), d.ints(n[1]), d.strings(n[2]), d.logicals(n[3]), d.dates(n[4]));
    }
}
