package io.securer.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.rosuda.REngine.REXP;
import org.rosuda.REngine.REXPDouble;
import org.rosuda.REngine.Rserve.protocol.REXPFactory;

/** The frame's conversions and its QAP encoding, without R or Rserve. */
class RserveFrameTest {
    @Test
    void everyColumnHasNasAndTheFrameIsDeterministic() {
        RserveFrame f = RserveFrame.generate(1000);
        for (int na : f.naCounts()) {
            assertTrue(na > 0);
        }
        assertEquals(-1, f.firstDifference(RserveFrame.generate(1000)));
        assertTrue(REXPDouble.isNA(f.num()[3]));
        assertEquals(Integer.MIN_VALUE, f.integer()[5]);
        assertEquals("café-97", f.chr()[97]);
        assertEquals(LocalDate.of(2000, 1, 1), f.day()[0]);
    }

    @Test
    void survivesTheQapEncodingBothWays() throws Exception {
        RserveFrame f = RserveFrame.generate(2000);
        REXP frame = f.toREXP();
        assertTrue(frame.inherits("data.frame"));
        assertArrayEquals(new int[] {Integer.MIN_VALUE, -2000}, frame.getAttribute("row.names").asIntegers());

        REXPFactory out = new REXPFactory(frame);
        byte[] wire = new byte[out.getBinaryLength()];
        out.getBinaryRepresentation(wire, 0);
        REXPFactory in = new REXPFactory();
        assertEquals(wire.length, in.parseREXP(wire, 0));

        RserveFrame back = RserveFrame.fromREXP(in.getREXP());
        assertEquals(-1, f.firstDifference(back));
        assertArrayEquals(f.naCounts(), back.naCounts());
    }

    @Test
    void differencesAreFound() {
        RserveFrame f = RserveFrame.generate(50);
        RserveFrame g = RserveFrame.generate(50);
        g.day()[40] = null;
        assertEquals(40, f.firstDifference(g));
        g = RserveFrame.generate(50);
        g.num()[3] = Double.NaN; // NaN is not NA
        assertEquals(3, f.firstDifference(g));
    }

    @Test
    void configKeepsTheServerInTheForegroundOnLoopback() {
        String conf = RserveServer.config(6311, RserveServer.DEFAULT_MAX_IN_BUF_KIB, Path.of("/tmp/w"), Path.of("/tmp/p"));
        assertTrue(conf.contains("daemon disable\n"));
        assertTrue(conf.contains("port 6311\n"));
        assertTrue(conf.contains("remote disable\n"));
        assertTrue(conf.contains("maxinbuf 262144\n"));
    }

    @Test
    void percentiles() {
        long[] xs = {5, 1, 4, 2, 3};
        assertEquals(3, RserveBenchMain.p(xs, 50));
        assertEquals(5, RserveBenchMain.p(xs, 99));
        assertTrue(RserveBenchMain.runsFor(1_000_000) >= 7); // p50 of at least 5 at 1e6 rows
    }
}
