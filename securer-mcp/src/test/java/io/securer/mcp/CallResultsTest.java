package io.securer.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.securer.Plot;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The text and content of run_r_code results, without R (R's own results are in the ITs). */
class CallResultsTest {
    @Test
    void successShowsTheOutputThenThePrintedValue() {
        assertEquals("hello\n[1] 42", ResultText.success(List.of("hello"), 0, "[1] 42", true));
        assertEquals("a\n... [3 more output lines not shown]\n[1] 1",
                ResultText.success(List.of("a"), 3, "[1] 1", true));
    }

    @Test
    void anInvisibleOrEmptyResultSaysSo() {
        assertEquals("(no output; the last value was invisible)", ResultText.success(List.of(), 0, "", false));
        assertEquals("NULL", ResultText.success(List.of(), 0, "", true));
        assertEquals("only output", ResultText.success(List.of("only output"), 0, "", false));
    }

    @Test
    void longTextIsCutWithANoteAndAddressesAreMasked() {
        String text = ResultText.finish("x".repeat(ResultText.MAX_CHARS + 5));
        assertEquals("x".repeat(ResultText.MAX_CHARS) + "\n... [truncated 5 characters]", text);
        assertTrue(!ResultText.finish("from 10.1.2.3").contains("10.1.2.3"), ResultText.finish("from 10.1.2.3"));
    }

    @Test
    void anErrorIsAToolResultWithIsError() {
        CallToolResult r = CallResults.error("No R code was given");
        assertEquals(true, r.isError());
        assertEquals(List.of(new McpSchema.TextContent("No R code was given")), r.content());

        CallToolResult busy = CallResults.failure(new IllegalStateException("all 8 R sessions are busy"), null);
        assertEquals(true, busy.isError());
        assertEquals(List.of(new McpSchema.TextContent("R could not run the code: all 8 R sessions are busy")),
                busy.content());
    }

    @Test
    void aLostStateNoticeComesFirst() {
        CallToolResult r = CallResults.failure(new IllegalStateException("no"), "Note: state lost.");
        assertEquals(List.of(new McpSchema.TextContent("Note: state lost.\nR could not run the code: no")), r.content());
    }

    @Test
    void plotsBecomeImageContentInDrawingOrderAndALineEachInTheText() {
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', 1, 2, 3};
        byte[] svg = "<svg/>".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        List<Plot> plots = List.of(new Plot("image/png", png, 640, 480), new Plot("image/svg+xml", svg, 100, 50));

        assertEquals(List.of(new McpSchema.ImageContent(null, Base64.getEncoder().encodeToString(png), "image/png"),
                        new McpSchema.ImageContent(null, Base64.getEncoder().encodeToString(svg), "image/svg+xml")),
                CallResults.plotContents(plots));
        assertEquals("\n[plot 1: image/png 640x480, attached as image content]"
                + "\n[plot 2: image/svg+xml 100x50, attached as image content]", CallResults.plotLines(plots));
        assertEquals(List.of(), CallResults.plotContents(List.of()));
        assertEquals("", CallResults.plotLines(List.of()));
    }
}
