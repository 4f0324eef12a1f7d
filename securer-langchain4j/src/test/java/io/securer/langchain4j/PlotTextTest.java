package io.securer.langchain4j;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.NullNode;
import io.securer.Plot;
import io.securer.TestValues;
import io.securer.langchain4j.PlotText.Attached;
import io.securer.langchain4j.PlotText.Delivery;
import io.securer.langchain4j.PlotText.Shown;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The plot lines of the model's text, exactly, and where they go in it. */
class PlotTextTest {
    static final Plot PNG = new Plot("image/png", new byte[] {1, 2, 3}, 800, 600);
    static final Plot SVG = new Plot("image/svg+xml", "<svg/>".getBytes(StandardCharsets.UTF_8), 640, 480);

    @Test
    void eachLineSaysNumberSizeFormatAndWhoSawIt() {
        assertEquals("plot 1: 800×600 PNG, shown to the user",
                PlotText.line(1, new Delivery(PNG, Shown.TO_USER, Attached.NOT_ASKED)));
        assertEquals("plot 2: 800×600 PNG (not shown: the application did not ask for plots)",
                PlotText.line(2, new Delivery(PNG, Shown.NO_LISTENER, Attached.NOT_ASKED)));
        assertEquals("plot 3: 640×480 SVG (not shown: the application could not display it)",
                PlotText.line(3, new Delivery(SVG, Shown.LISTENER_FAILED, Attached.NOT_ASKED)));
    }

    @Test
    void withImagesToModelTheLineSaysWhetherTheImageIsAttached() {
        assertEquals("plot 1: 800×600 PNG, shown to the user; the image is attached",
                PlotText.line(1, new Delivery(PNG, Shown.TO_USER, Attached.ATTACHED)));
        assertEquals("plot 1: 800×600 PNG (not shown: the application did not ask for plots); the image is attached",
                PlotText.line(1, new Delivery(PNG, Shown.NO_LISTENER, Attached.ATTACHED)));
        assertEquals("plot 2: 640×480 SVG, shown to the user; not attached: only PNG images can be sent to you",
                PlotText.line(2, new Delivery(SVG, Shown.TO_USER, Attached.NOT_PNG)));
        assertEquals("plot 6: 800×600 PNG, shown to the user; not attached: at most 5 images are sent per call",
                PlotText.line(6, new Delivery(PNG, Shown.TO_USER, Attached.OVER_LIMIT)));
    }

    @Test
    void linesAreNumberedInDrawingOrder() {
        assertEquals(List.of("plot 1: 640×480 SVG, shown to the user", "plot 2: 800×600 PNG, shown to the user"),
                PlotText.lines(List.of(new Delivery(SVG, Shown.TO_USER, Attached.NOT_ASKED),
                        new Delivery(PNG, Shown.TO_USER, Attached.NOT_ASKED))));
        assertEquals(List.of(), PlotText.lines(List.of()));
    }

    @Test
    void plotLinesFollowWhatRPrinted() {
        assertEquals("[1] 5\nplot 1: 800×600 PNG, shown to the user", ToolResultText.success(
                TestValues.result(new IntNode(5), "[1] 5", true, List.of("numeric"), List.of(), List.of("[1] 5"),
                        List.of(PNG)), StateNote.NONE, List.of("plot 1: 800×600 PNG, shown to the user")));
    }

    @Test
    void plotLinesReplaceTheFillerWhenNothingWasPrinted() {
        List<String> line = List.of("plot 1: 800×600 PNG, shown to the user");
        // plot(1:10): an invisible NULL
        assertEquals(line.get(0), SuccessText.format(List.of(), 0, "", false, List.of("NULL"), NullNode.getInstance(),
                line));
        // a ggplot printed at top level: visible, but its print is the drawing
        assertEquals(line.get(0), SuccessText.format(List.of(), 0, "", true, List.of("gg", "ggplot"),
                NullNode.getInstance(), line));
        // output before the plot stays
        assertEquals("note\n" + line.get(0), SuccessText.format(List.of("note"), 0, "", false, List.of("NULL"),
                NullNode.getInstance(), line));
    }

    @Test
    void plotLinesAreNeverTruncated() {
        String longOutput = "x".repeat(SuccessText.MAX_CHARS + 10);
        String text = SuccessText.format(List.of(longOutput), 0, "", false, List.of("NULL"), NullNode.getInstance(),
                List.of("plot 1: 800×600 PNG, shown to the user"));
        assertEquals("x".repeat(SuccessText.MAX_CHARS) + "\n... [truncated 10 characters]\n"
                + "plot 1: 800×600 PNG, shown to the user", text);
    }
}
