package io.securer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExecutionResultTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private static ExecutionResult result(JsonNode value, String printed, boolean visible, List<String> rClass,
                                          List<String> output) {
        return new ExecutionResult(value, printed, visible, rClass, output, 0, Duration.ofMillis(3));
    }

    private static JsonNode json(String s) throws Exception {
        return MAPPER.readTree(s);
    }

    @Test
    void accessors() throws Exception {
        ExecutionResult r = new ExecutionResult(json("5"), "[1] 5", true, List.of("numeric"), List.of("hi"), 1,
                Duration.ofMillis(12));
        assertEquals(5, r.value().intValue());
        assertEquals("[1] 5", r.printed());
        assertTrue(r.visible());
        assertEquals(List.of("numeric"), r.rClass());
        assertEquals(List.of("hi"), r.output());
        assertEquals(1, r.toolCalls());
        assertEquals(Duration.ofMillis(12), r.elapsed());
        assertEquals("ExecutionResult[value=5, visible=true, class=[numeric], output=1 lines, toolCalls=1, elapsed=12 ms]",
                r.toString());
    }

    @Test
    void valueIsACopy() throws Exception {
        ExecutionResult r = result(json("{\"a\":1}"), "", true, List.of("list"), List.of());
        ((ObjectNode) r.value()).put("a", 2);
        assertEquals("{\"a\":1}", r.value().toString());
    }

    @Test
    void listsAreCopied() throws Exception {
        List<String> out = new ArrayList<>(List.of("a"));
        ExecutionResult r = result(json("1"), "[1] 1", true, List.of("numeric"), out);
        out.add("b");
        assertEquals(List.of("a"), r.output());
        assertThrows(UnsupportedOperationException.class, () -> r.output().add("c"));
    }

    @Test
    void outputThenPrinted() throws Exception {
        ExecutionResult r = result(json("5"), "[1] 5", true, List.of("numeric"), List.of("computing", "done"));
        assertEquals("computing\ndone\n[1] 5", r.toToolResult());
    }

    @Test
    void printedOnly() throws Exception {
        assertEquals("[1] 2", result(json("2"), "[1] 2", true, List.of("numeric"), List.of()).toToolResult());
    }

    @Test
    void invisibleValueWithNoOutput() throws Exception {
        ExecutionResult r = result(json("1"), "", false, List.of("numeric"), List.of());
        assertEquals("(no output; the last value was invisible)", r.toToolResult());
    }

    @Test
    void invisibleValueWithOutputShowsOnlyTheOutput() throws Exception {
        ExecutionResult r = result(json("1"), "", false, List.of("numeric"), List.of("x is 1", ""));
        assertEquals("x is 1", r.toToolResult());
    }

    @Test
    void visibleNullPrintsNull() throws Exception {
        assertEquals("NULL", result(json("null"), "", true, List.of("NULL"), List.of()).toToolResult());
    }

    @Test
    void exactlyTheLimitIsNotTruncated() throws Exception {
        String printed = "x".repeat(ExecutionResult.TOOL_RESULT_MAX_CHARS);
        assertEquals(printed, result(json("null"), printed, true, List.of("character"), List.of()).toToolResult());
    }

    @Test
    void truncatedAt8000Characters() throws Exception {
        assertEquals(8000, ExecutionResult.TOOL_RESULT_MAX_CHARS);
        String printed = "x".repeat(9000);
        String text = result(json("null"), printed, true, List.of("character"), List.of()).toToolResult();
        assertEquals("x".repeat(8000) + "\n... [truncated 1000 characters]", text);
    }

    @Test
    void truncationCountsOutputAndPrinted() throws Exception {
        List<String> output = List.of("o".repeat(5000));
        String text = result(json("null"), "p".repeat(4000), true, List.of("character"), output).toToolResult();
        // 5000 + newline + 4000 = 9001 characters
        assertEquals("o".repeat(5000) + "\n" + "p".repeat(2999) + "\n... [truncated 1001 characters]", text);
    }

    private static ArrayNode rows(int n) {
        ArrayNode a = F.arrayNode();
        for (int i = 1; i <= n; i++) {
            a.addObject().put("x", i);
        }
        return a;
    }

    private static List<String> printedRows(int n) {
        List<String> lines = new ArrayList<>();
        lines.add("    x");
        for (int i = 1; i <= n; i++) {
            lines.add(String.format("%-3d %d", i, i));
        }
        return lines;
    }

    @Test
    void dataFrameOf50RowsShowsHeaderAnd20Rows() {
        List<String> lines = printedRows(50);
        ExecutionResult r = result(rows(50), String.join("\n", lines), true, List.of("data.frame"), List.of());
        String expected = String.join("\n", lines.subList(0, 21)) + "\n... [50 rows total]";
        assertEquals(expected, r.toToolResult());
        assertEquals(22, r.toToolResult().split("\n").length);
    }

    @Test
    void dataFrameOf21RowsIsCut() {
        List<String> lines = printedRows(21);
        ExecutionResult r = result(rows(21), String.join("\n", lines), true, List.of("tbl", "data.frame"), List.of("o"));
        assertEquals("o\n" + String.join("\n", lines.subList(0, 21)) + "\n... [21 rows total]", r.toToolResult());
    }

    @Test
    void dataFrameOf20RowsIsShownWhole() {
        String printed = String.join("\n", printedRows(20));
        assertEquals(printed, result(rows(20), printed, true, List.of("data.frame"), List.of()).toToolResult());
    }

    @Test
    void wideDataFramePrintedInBlocksIsKeptWholeWithARowCount() {
        // 30 rows that printed as two column blocks: not one line per row, so nothing is cut.
        List<String> lines = new ArrayList<>(printedRows(30));
        lines.addAll(printedRows(30));
        String printed = String.join("\n", lines);
        assertEquals(printed + "\n[30 rows total]",
                result(rows(30), printed, true, List.of("data.frame"), List.of()).toToolResult());
    }

    @Test
    void onlyDataFramesAreCut() {
        String printed = String.join("\n", printedRows(50));
        assertEquals(printed, result(rows(50), printed, true, List.of("list"), List.of()).toToolResult());
    }

    @Test
    void valueAs() throws Exception {
        assertArrayEquals(new double[] {1, 2.5, 3}, result(json("[1,2.5,3]"), "", true, List.of("numeric"), List.of())
                .valueAs(double[].class));
        assertEquals(Map.of("a", 1, "b", "x"), result(json("{\"a\":1,\"b\":\"x\"}"), "", true, List.of("list"), List.of())
                .valueAs(Map.class));
        assertEquals("hi", result(json("\"hi\""), "", true, List.of("character"), List.of()).valueAs(String.class));
        assertEquals(42, result(json("42"), "", true, List.of("integer"), List.of()).valueAs(Integer.class));
    }

    @Test
    void valueAsFailure() throws Exception {
        ExecutionResult r = result(json("{\"a\":1}"), "", true, List.of("list"), List.of());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> r.valueAs(int[].class));
        assertEquals("R value cannot be read as int[]: {\"a\":1}", e.getMessage());
    }

    @Test
    void nullsAreRejected() {
        assertThrows(NullPointerException.class, () -> result(null, "", true, List.of(), List.of()));
        assertThrows(NullPointerException.class, () -> result(F.nullNode(), null, true, List.of(), List.of()));
        assertThrows(NullPointerException.class,
                () -> new ExecutionResult(F.nullNode(), "", true, List.of(), List.of(), 0, null));
    }
}
