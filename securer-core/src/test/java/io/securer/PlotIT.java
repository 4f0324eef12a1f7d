package io.securer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Graphics drawn in a sandboxed session come back as images, per execution, in drawing order. */
class PlotIT {
    private static SecureSession s;

    @BeforeAll
    static void start() {
        RTestSupport.requireR();
        s = SecureSession.builder().sandbox(true).sandboxStrict(true).build();
        assertEquals(SandboxMode.BUBBLEWRAP, s.sandboxMode());
    }

    @AfterAll
    static void stop() {
        if (s != null) {
            s.close();
        }
    }

    /** Width and height from a PNG's IHDR chunk. */
    static List<Integer> pngSize(byte[] png) {
        assertEquals("\u0089PNG\r\n\u001a\n", new String(png, 0, 8, StandardCharsets.ISO_8859_1), "PNG signature");
        assertEquals("IHDR", new String(png, 12, 4, StandardCharsets.US_ASCII));
        ByteBuffer b = ByteBuffer.wrap(png, 16, 8);
        return List.of(b.getInt(), b.getInt());
    }

    @Test
    void oneBasePlotIsOnePngOfTheConfiguredSizeWithNoFontErrors() {
        ExecutionResult r = s.execute("plot(1:10, main = 'Sales'); text(5, 5, 'label')");
        assertEquals(1, r.plots().size());
        Plot p = r.plots().get(0);
        assertEquals("image/png", p.mimeType());
        assertEquals(List.of(800, 600), List.of(p.width(), p.height()));
        assertEquals(List.of(800, 600), pngSize(p.data()));
        // fontconfig finds its configuration in the sandbox: no "Fontconfig error" lines
        assertEquals(List.of(), r.output());
        assertEquals(List.of(), r.console());
    }

    @Test
    void twoPlotsInOneExecutionComeInDrawingOrderAndNothingIsLeftForTheNext() {
        byte[] first = s.execute("plot(1:10)").plots().get(0).data();
        byte[] second = s.execute("hist(c(1, 2, 2, 3))").plots().get(0).data();
        ExecutionResult both = s.execute("plot(1:10); hist(c(1, 2, 2, 3)); 1");
        assertEquals(2, both.plots().size());
        assertTrue(java.util.Arrays.equals(first, both.plots().get(0).data()), "plot(1:10) first");
        assertTrue(java.util.Arrays.equals(second, both.plots().get(1).data()), "hist second");
        assertEquals(List.of(), s.execute("1 + 1").plots());
        assertEquals("[1] FALSE", s.execute("file.exists('Rplots.pdf')").console().get(0));
    }

    @Test
    void aGgplotObjectPrintedAtTopLevelIsOnePng() {
        ExecutionResult r = s.execute("library(ggplot2); ggplot(mtcars, aes(wt, mpg)) + geom_point()");
        assertEquals(1, r.plots().size());
        assertEquals(List.of(800, 600), pngSize(r.plots().get(0).data()));
        // assigned, not printed: nothing drawn, as at the console
        assertEquals(List.of(), s.execute("g <- ggplot(mtcars, aes(wt, mpg)) + geom_point()").plots());
    }

    @Test
    void sizeResolutionAndSvgAreConfigurable() {
        try (SecureSession svg = SecureSession.builder().sandbox(true).sandboxStrict(true).plotSize(400, 300)
                .plotFormat(PlotFormat.SVG).build();
             SecureSession small = SecureSession.builder().sandbox(true).sandboxStrict(true).plotSize(320, 240)
                     .plotResolution(72).build()) {
            Plot v = svg.execute("plot(1:3)").plots().get(0);
            assertEquals("image/svg+xml", v.mimeType());
            assertTrue(new String(v.data(), StandardCharsets.UTF_8).contains("<svg"), "an SVG document");
            assertEquals(List.of(320, 240), pngSize(small.execute("plot(1:3)").plots().get(0).data()));
        }
    }

    @Test
    void plotsOverTheByteCapAreDroppedWithANote() {
        try (SecureSession capped = SecureSession.builder().sandbox(true).sandboxStrict(true).maxPlotBytes(1024).build()) {
            ExecutionResult r = capped.execute("plot(rnorm(1000)); 1");
            assertEquals(List.of(), r.plots());
            assertEquals(List.of("securer: 1 plot(s) not returned: over the limit of 1024 bytes of images per execution"),
                    r.output());
        }
    }
}
