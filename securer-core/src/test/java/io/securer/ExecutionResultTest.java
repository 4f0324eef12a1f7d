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
        return new ExecutionResult(value, false, printed, visible, rClass, output, output, 0, 0, Duration.ofMillis(3),
                List.of(), false);
    }

    private static JsonNode json(String s) throws Exception {
        return MAPPER.readTree(s);
    }

    @Test
    void accessors() throws Exception {
        ExecutionResult r = new ExecutionResult(json("5"), false, "[1] 5", true, List.of("numeric"), List.of("hi"),
                List.of("hi", "[1] 5"), 2, 1, Duration.ofMillis(12), List.of(), true);
        assertEquals(List.of("hi", "[1] 5"), r.console());
        assertEquals(5, r.value().intValue());
        assertEquals("[1] 5", r.printed());
        assertTrue(r.visible());
        assertEquals(List.of("numeric"), r.rClass());
        assertEquals(List.of("hi"), r.output());
        assertEquals(1, r.toolCalls());
        assertEquals(Duration.ofMillis(12), r.elapsed());
        assertEquals(2, r.droppedOutputLines());
        assertTrue(r.sessionRestarted());
        assertEquals(List.of(), r.plots());
        assertEquals("ExecutionResult[value=5, visible=true, class=[numeric], output=1 lines, plots=0, toolCalls=1, "
                + "elapsed=12 ms, session restarted]", r.toString());
    }

    @Test
    void anOmittedValueIsNullAndSaysSo() {
        ExecutionResult r = new ExecutionResult(null, true, "  x\n1 1", true, List.of("data.frame"), List.of(), List.of(),
                0, 0, Duration.ofMillis(1), List.of(), false);
        assertTrue(r.valueOmitted());
        assertTrue(r.value().isNull());
        assertEquals("ExecutionResult[value=<omitted>, visible=true, class=[data.frame], output=0 lines, plots=0, "
                + "toolCalls=0, elapsed=1 ms]", r.toString());
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
        assertThrows(NullPointerException.class, () -> result(F.nullNode(), null, true, List.of(), List.of()));
        assertThrows(NullPointerException.class, () -> new ExecutionResult(F.nullNode(), false, "", true, List.of(),
                List.of(), List.of(), 0, 0, null, List.of(), false));
    }
}
