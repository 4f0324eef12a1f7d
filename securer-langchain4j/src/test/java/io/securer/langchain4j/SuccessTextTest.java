package io.securer.langchain4j;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the model reads after a successful run (moved here from core: LLM formatting is the adapter's job). */
class SuccessTextTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    /** The inputs of one result; format(...) turns them into the model's text. */
    private record R(JsonNode value, String printed, boolean visible, List<String> rClass, List<String> output) {
    }

    private static R result(JsonNode value, String printed, boolean visible, List<String> rClass, List<String> output) {
        return new R(value, printed, visible, rClass, output);
    }

    private static String format(JsonNode value, String printed, boolean visible, List<String> rClass,
                                 List<String> output) {
        return SuccessText.format(console(output, printed, visible), output, 0, printed, visible, rClass, value);
    }

    private static String format(R r) {
        return format(r.value(), r.printed(), r.visible(), r.rClass(), r.output());
    }

    /** The console of a run whose last expression printed its value after all the output. */
    private static List<String> console(List<String> output, String printed, boolean visible) {
        List<String> console = new ArrayList<>(output);
        if (visible && !printed.isEmpty()) {
            console.addAll(List.of(printed.split("\n", -1)));
        }
        return console;
    }

    private static JsonNode json(String s) throws Exception {
        return MAPPER.readTree(s);
    }

    @Test
    void droppedOutputLinesAreCounted() {
        assertEquals("a\n... [7 more output lines not shown]\n[1] 1",
                SuccessText.format(List.of("a", "[1] 1"), List.of("a"), 7, "[1] 1", true, List.of("numeric"),
                        F.numberNode(1)));
    }

    @Test
    void warningsOfTheLastExpressionComeAfterItsValueAsInR() {
        // R prints the value, then the warnings of the same top-level expression
        List<String> output = List.of("[1] 1", "Warning message:", "In f() : careful");
        List<String> console = List.of("[1] 1", "[1] NA", "Warning message:", "In f() : careful");
        assertEquals("[1] 1\n[1] NA\nWarning message:\nIn f() : careful",
                SuccessText.format(console, output, 0, "[1] NA", true, List.of("numeric"), F.nullNode()));
    }

    @Test
    void aPrintedValueKeepsItsLeadingEmptyLine() throws Exception {
        assertEquals("x\n\n 1  2 \n 3  1", format(json("null"), "\n 1  2 \n 3  1", true, List.of("table"),
                List.of("x")));
    }

    @Test
    void aLongDataFrameIsCutWhereItWasPrintedAndTheWarningsAfterItStay() {
        List<String> lines = printedRows(30);
        List<String> output = List.of("before", "Warning message:", "In f() : w");
        List<String> console = new ArrayList<>(List.of("before"));
        console.addAll(lines);
        console.addAll(List.of("Warning message:", "In f() : w"));
        assertEquals("before\n" + String.join("\n", lines.subList(0, 21)) + "\n... [30 rows total]\nWarning message:\n"
                        + "In f() : w",
                SuccessText.format(console, output, 0, String.join("\n", lines), true, List.of("data.frame"),
                        rows(30)));
    }


    @Test
    void outputThenPrinted() throws Exception {
        R r = result(json("5"), "[1] 5", true, List.of("numeric"), List.of("computing", "done"));
        assertEquals("computing\ndone\n[1] 5", format(r));
    }

    @Test
    void printedOnly() throws Exception {
        assertEquals("[1] 2", format(json("2"), "[1] 2", true, List.of("numeric"), List.of()));
    }

    @Test
    void invisibleValueWithNoOutput() throws Exception {
        R r = result(json("1"), "", false, List.of("numeric"), List.of());
        assertEquals("(no output; the last value was invisible)", format(r));
    }

    @Test
    void invisibleValueWithOutputShowsOnlyTheOutput() throws Exception {
        R r = result(json("1"), "", false, List.of("numeric"), List.of("x is 1", ""));
        assertEquals("x is 1", format(r));
    }

    @Test
    void visibleNullPrintsNull() throws Exception {
        assertEquals("NULL", format(json("null"), "", true, List.of("NULL"), List.of()));
    }

    @Test
    void exactlyTheLimitIsNotTruncated() throws Exception {
        String printed = "x".repeat(SuccessText.MAX_CHARS);
        assertEquals(printed, format(json("null"), printed, true, List.of("character"), List.of()));
    }

    @Test
    void truncatedAt8000Characters() throws Exception {
        assertEquals(8000, SuccessText.MAX_CHARS);
        String printed = "x".repeat(9000);
        String text = format(json("null"), printed, true, List.of("character"), List.of());
        assertEquals("x".repeat(8000) + "\n... [truncated 1000 characters]", text);
    }

    @Test
    void truncationCountsOutputAndPrinted() throws Exception {
        List<String> output = List.of("o".repeat(5000));
        String text = format(json("null"), "p".repeat(4000), true, List.of("character"), output);
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
        R r = result(rows(50), String.join("\n", lines), true, List.of("data.frame"), List.of());
        String expected = String.join("\n", lines.subList(0, 21)) + "\n... [50 rows total]";
        assertEquals(expected, format(r));
        assertEquals(22, format(r).split("\n").length);
    }

    @Test
    void dataFrameOf21RowsIsCut() {
        List<String> lines = printedRows(21);
        R r = result(rows(21), String.join("\n", lines), true, List.of("tbl", "data.frame"), List.of("o"));
        assertEquals("o\n" + String.join("\n", lines.subList(0, 21)) + "\n... [21 rows total]", format(r));
    }

    @Test
    void dataFrameOf20RowsIsShownWhole() {
        String printed = String.join("\n", printedRows(20));
        assertEquals(printed, format(rows(20), printed, true, List.of("data.frame"), List.of()));
    }

    @Test
    void wideDataFramePrintedInBlocksIsKeptWholeWithARowCount() {
        // 30 rows that printed as two column blocks: not one line per row, so nothing is cut.
        List<String> lines = new ArrayList<>(printedRows(30));
        lines.addAll(printedRows(30));
        String printed = String.join("\n", lines);
        assertEquals(printed + "\n[30 rows total]",
                format(rows(30), printed, true, List.of("data.frame"), List.of()));
    }

    @Test
    void onlyDataFramesAreCut() {
        String printed = String.join("\n", printedRows(50));
        assertEquals(printed, format(rows(50), printed, true, List.of("list"), List.of()));
    }
}
