package io.securer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.securer.engine.ChildEvent;
import io.securer.engine.HostMessage;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ToolDispatcherTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static final SecurerTool ADD = SecurerTool.builder("add").description("Add two numbers")
            .arg("a", ArgType.NUMERIC).arg("b", ArgType.NUMERIC)
            .handler(args -> args.getDouble("a") + args.getDouble("b")).build();
    private static final SecurerTool GREET = SecurerTool.builder("greet").arg("name", ArgType.CHARACTER)
            .optionalArg("greeting", ArgType.CHARACTER)
            .handler(a -> (a.has("greeting") ? a.getString("greeting") : "Hello") + ", " + a.getString("name")).build();

    private final ToolDispatcher dispatcher = new ToolDispatcher(List.of(ADD, GREET));

    private static ObjectNode json(String s) {
        try {
            return (ObjectNode) MAPPER.readTree(s);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static JsonNode value(String s) {
        try {
            return MAPPER.readTree(s);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void validCall() {
        ToolDispatcher.Checked c = dispatcher.check("add", json("{\"a\":2,\"b\":3.5}"), null);
        assertNull(c.error());
        assertSame(ADD, c.tool());
        assertEquals("{\"a\":2,\"b\":3.5}", c.args().toString());
        assertEquals(5.5, ToolRunner.run(1, 1, c).value().doubleValue());
    }

    @Test
    void unknownTool() {
        ToolDispatcher.Checked c = dispatcher.check("rm_rf", json("{}"), null);
        assertEquals("unknown tool 'rm_rf'", c.error());
        assertNull(c.tool());
        assertNull(c.args());
    }

    @Test
    void unknownToolNameIsSanitized() {
        assertEquals("unknown tool '<path>'", dispatcher.check("/etc/passwd/x", json("{}"), null).error());
    }

    @Test
    void extraArgument() {
        assertEquals("tool 'add' has no argument 'c'", dispatcher.check("add", json("{\"a\":1,\"b\":2,\"c\":3}"), null).error());
    }

    @Test
    void missingRequiredArgument() {
        assertEquals("tool 'add': argument 'b' is missing", dispatcher.check("add", json("{\"a\":1}"), null).error());
        assertEquals("tool 'add': argument 'a' is missing", dispatcher.check("add", json("{\"a\":null,\"b\":1}"), null).error());
    }

    @Test
    void optionalArgumentMayBeAbsentOrNull() {
        ToolDispatcher.Checked c = dispatcher.check("greet", json("{\"name\":\"Ada\"}"), null);
        assertNull(c.error());
        assertEquals("\"Hello, Ada\"", ToolRunner.run(1, 1, c).value().toString());
        assertNull(dispatcher.check("greet", json("{\"name\":\"Ada\",\"greeting\":null}"), null).error());
        ToolDispatcher.Checked hi = dispatcher.check("greet", json("{\"name\":\"Ada\",\"greeting\":\"Hi\"}"), null);
        assertEquals("\"Hi, Ada\"", ToolRunner.run(1, 1, hi).value().toString());
    }

    @Test
    void optionalArgumentIsStillTypeChecked() {
        assertEquals("tool 'greet': argument 'greeting' must be character",
                dispatcher.check("greet", json("{\"name\":\"Ada\",\"greeting\":1}"), null).error());
    }

    @Test
    void wrongTypeMessage() {
        assertEquals("tool 'add': argument 'a' must be numeric", dispatcher.check("add", json("{\"a\":\"2\",\"b\":3}"), null).error());
    }

    @Test
    void numeric() {
        assertTrue(ToolDispatcher.matches(ArgType.NUMERIC, value("1")));
        assertTrue(ToolDispatcher.matches(ArgType.NUMERIC, value("-1.5e3")));
        assertTrue(ToolDispatcher.matches(ArgType.NUMERIC, value("[1,2.5,null]")));
        assertTrue(ToolDispatcher.matches(ArgType.NUMERIC, value("[]")));
        assertFalse(ToolDispatcher.matches(ArgType.NUMERIC, value("\"1\"")));
        assertFalse(ToolDispatcher.matches(ArgType.NUMERIC, value("true")));
        assertFalse(ToolDispatcher.matches(ArgType.NUMERIC, value("[1,\"2\"]")));
        assertFalse(ToolDispatcher.matches(ArgType.NUMERIC, value("{\"a\":1}")));
    }

    @Test
    void integer() {
        assertTrue(ToolDispatcher.matches(ArgType.INTEGER, value("5")));
        assertTrue(ToolDispatcher.matches(ArgType.INTEGER, value("5.0")));
        assertTrue(ToolDispatcher.matches(ArgType.INTEGER, value("[1,null,3]")));
        assertFalse(ToolDispatcher.matches(ArgType.INTEGER, value("5.5")));
        assertFalse(ToolDispatcher.matches(ArgType.INTEGER, value("[1,2.5]")));
        assertFalse(ToolDispatcher.matches(ArgType.INTEGER, value("\"5\"")));
    }

    @Test
    void character() {
        assertTrue(ToolDispatcher.matches(ArgType.CHARACTER, value("\"x\"")));
        assertTrue(ToolDispatcher.matches(ArgType.CHARACTER, value("[\"a\",null,\"b\"]")));
        assertFalse(ToolDispatcher.matches(ArgType.CHARACTER, value("1")));
        assertFalse(ToolDispatcher.matches(ArgType.CHARACTER, value("[\"a\",1]")));
    }

    @Test
    void logical() {
        assertTrue(ToolDispatcher.matches(ArgType.LOGICAL, value("false")));
        assertTrue(ToolDispatcher.matches(ArgType.LOGICAL, value("[true,null,false]")));
        assertFalse(ToolDispatcher.matches(ArgType.LOGICAL, value("\"TRUE\"")));
        assertFalse(ToolDispatcher.matches(ArgType.LOGICAL, value("1")));
    }

    @Test
    void list() {
        assertTrue(ToolDispatcher.matches(ArgType.LIST, value("{\"a\":1}")));
        assertTrue(ToolDispatcher.matches(ArgType.LIST, value("[1,\"a\",true]")));
        assertTrue(ToolDispatcher.matches(ArgType.LIST, value("[]")));
        // c('a') and 1L arrive unboxed: a one-element vector is still a collection in R
        assertTrue(ToolDispatcher.matches(ArgType.LIST, value("1")));
        assertTrue(ToolDispatcher.matches(ArgType.LIST, value("\"a\"")));
    }

    @Test
    void dataFrame() {
        assertTrue(ToolDispatcher.matches(ArgType.DATA_FRAME, value("[{\"x\":1,\"y\":\"a\"},{\"x\":2,\"y\":\"b\"}]")));
        assertTrue(ToolDispatcher.matches(ArgType.DATA_FRAME, value("[]")));
        assertFalse(ToolDispatcher.matches(ArgType.DATA_FRAME, value("{\"x\":[1,2]}")));
        assertFalse(ToolDispatcher.matches(ArgType.DATA_FRAME, value("[1,2]")));
        assertFalse(ToolDispatcher.matches(ArgType.DATA_FRAME, value("[{\"x\":1},2]")));
    }

    @Test
    void any() {
        for (String v : List.of("1", "\"s\"", "true", "[1,\"a\"]", "{\"a\":{}}")) {
            assertTrue(ToolDispatcher.matches(ArgType.ANY, value(v)), v);
        }
    }

    @Test
    void specsUseRTypeNamesAndRequiredFlags() {
        SecurerTool all = SecurerTool.builder("all_types")
                .arg("n", ArgType.NUMERIC).arg("i", ArgType.INTEGER).arg("c", ArgType.CHARACTER)
                .arg("l", ArgType.LOGICAL).arg("li", ArgType.LIST).arg("df", ArgType.DATA_FRAME)
                .optionalArg("x", ArgType.ANY).handler(a -> null).build();
        List<HostMessage.ToolSpec> specs = new ToolDispatcher(List.of(all, ADD)).specs();
        assertEquals(List.of(
                new HostMessage.ToolSpec("all_types", List.of(
                        new HostMessage.ArgSpec("n", "numeric", true),
                        new HostMessage.ArgSpec("i", "integer", true),
                        new HostMessage.ArgSpec("c", "character", true),
                        new HostMessage.ArgSpec("l", "logical", true),
                        new HostMessage.ArgSpec("li", "list", true),
                        new HostMessage.ArgSpec("df", "data.frame", true),
                        new HostMessage.ArgSpec("x", "any", false))),
                new HostMessage.ToolSpec("add", List.of(
                        new HostMessage.ArgSpec("a", "numeric", true),
                        new HostMessage.ArgSpec("b", "numeric", true)))), specs);
    }

    @Test
    void duplicateToolNamesAreRejected() {
        SecurerTool other = SecurerTool.builder("add").handler(a -> 0).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ToolDispatcher(List.of(ADD, other)));
        assertEquals("duplicate tool name 'add'", e.getMessage());
    }

    @Test
    void toolsKeepDeclarationOrder() {
        assertEquals(List.of(ADD, GREET), dispatcher.tools());
    }

    record Weather(int temp, String condition) {
    }

    public static final class Pojo {
        public String getName() {
            return "p";
        }

        public int getCount() {
            return 2;
        }
    }

    private static JsonNode runReturning(Object value) {
        SecurerTool t = SecurerTool.builder("t").handler(a -> value).build();
        return ToolRunner.run(1, 1, new ToolDispatcher.Checked(t, new ToolArgs(JsonNodeFactory.instance.objectNode(), null),
                null)).value();
    }

    @Test
    void runConvertsRecords() {
        assertEquals("{\"temp\":72,\"condition\":\"sunny\"}", runReturning(new Weather(72, "sunny")).toString());
    }

    @Test
    void runConvertsPojos() {
        JsonNode n = runReturning(new Pojo());
        assertEquals(2, n.size());
        assertEquals("p", n.get("name").textValue());
        assertEquals(2, n.get("count").intValue());
    }

    @Test
    void runConvertsListsAndMaps() {
        assertEquals("[1,2,3]", runReturning(List.of(1, 2, 3)).toString());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("m", "Jan");
        m.put("v", List.of(1.5, 2));
        assertEquals("{\"m\":\"Jan\",\"v\":[1.5,2]}", runReturning(m).toString());
        assertEquals("[{\"m\":\"Jan\"},{\"m\":\"Feb\"}]",
                runReturning(List.of(Map.of("m", "Jan"), Map.of("m", "Feb"))).toString());
    }

    @Test
    void runConvertsScalarsAndNull() {
        assertEquals("\"s\"", runReturning("s").toString());
        assertEquals("true", runReturning(true).toString());
        JsonNode nul = runReturning(null);
        assertTrue(nul != null && nul.isNull(), String.valueOf(nul));
    }

    @Test
    void runPassesJsonNodesThrough() {
        JsonNode node = value("{\"already\":[\"json\"]}");
        assertSame(node, runReturning(node));
    }

    @Test
    void handlerExceptionsBecomeTheToolsError() {
        SecurerTool t = SecurerTool.builder("t").handler(a -> {
            throw new java.io.IOException("db down");
        }).build();
        ChildEvent.ToolDone done = ToolRunner.run(3, 4, new ToolDispatcher.Checked(t,
                new ToolArgs(JsonNodeFactory.instance.objectNode(), null), null));
        assertEquals("tool 't' failed: db down", done.error());
        assertNull(done.value());
    }

    @Test
    void invisibleIsANullValueMarkedInvisible() {
        SecurerTool t = SecurerTool.builder("t").handler(a -> SecurerTool.INVISIBLE).build();
        ChildEvent.ToolDone done = ToolRunner.run(3, 4, new ToolDispatcher.Checked(t,
                new ToolArgs(JsonNodeFactory.instance.objectNode(), null), null));
        assertTrue(done.invisible());
        assertNull(done.value());
        assertNull(done.error());
    }
}
