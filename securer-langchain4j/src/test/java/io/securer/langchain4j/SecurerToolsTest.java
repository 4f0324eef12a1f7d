package io.securer.langchain4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.langchain4j.agent.tool.P;
import dev.langchain4j.agent.tool.Tool;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.model.chat.request.json.JsonAnyOfSchema;
import dev.langchain4j.model.chat.request.json.JsonArraySchema;
import dev.langchain4j.model.chat.request.json.JsonBooleanSchema;
import dev.langchain4j.model.chat.request.json.JsonEnumSchema;
import dev.langchain4j.model.chat.request.json.JsonIntegerSchema;
import dev.langchain4j.model.chat.request.json.JsonNullSchema;
import dev.langchain4j.model.chat.request.json.JsonNumberSchema;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonStringSchema;
import dev.langchain4j.service.tool.ToolExecutor;
import io.securer.ArgType;
import io.securer.SecurerTool;
import io.securer.ToolArgs;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SecurerToolsTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    enum Unit { KG, LB }

    static class Shop {
        @Tool("Sales by region")
        String get_sales(@P("region") String region) {
            return "[{\"month\":\"Jan\",\"amount\":100},{\"month\":\"Feb\",\"amount\":150}]";
        }

        @Tool(name = "weigh", value = "Weighs things")
        String weigh(@P("how many") int count, @P("factor") double factor, @P("exact?") boolean exact,
                     @P("unit") Unit unit, @P(value = "labels", required = false) List<String> labels) {
            return count + "|" + factor + "|" + exact + "|" + unit + "|" + labels;
        }
    }

    static class BadName {
        @Tool(name = "get-sales", value = "dash in name")
        String getSales() {
            return "x";
        }
    }

    @Test
    void mapsSchemaTypesToArgTypes() {
        assertEquals(ArgType.CHARACTER, SchemaTypes.argType(JsonStringSchema.builder().build()));
        assertEquals(ArgType.INTEGER, SchemaTypes.argType(JsonIntegerSchema.builder().build()));
        assertEquals(ArgType.NUMERIC, SchemaTypes.argType(JsonNumberSchema.builder().build()));
        assertEquals(ArgType.LOGICAL, SchemaTypes.argType(JsonBooleanSchema.builder().build()));
        assertEquals(ArgType.CHARACTER, SchemaTypes.argType(JsonEnumSchema.builder().enumValues("A", "B").build()));
        assertEquals(ArgType.LIST, SchemaTypes.argType(JsonArraySchema.builder().items(new JsonStringSchema()).build()));
        assertEquals(ArgType.LIST, SchemaTypes.argType(JsonObjectSchema.builder().build()));
        assertEquals(ArgType.ANY, SchemaTypes.argType(JsonAnyOfSchema.builder()
                .anyOf(new JsonStringSchema(), new JsonIntegerSchema()).build()));
        assertEquals(ArgType.ANY, SchemaTypes.argType(new JsonNullSchema()));
    }

    @Test
    void convertsAnnotatedObjectsWithRequiredAndOptionalArguments() {
        List<SecurerTool> tools = SecurerTools.fromObjects(new Shop());
        Map<String, SecurerTool> byName = new LinkedHashMap<>();
        tools.forEach(t -> byName.put(t.name(), t));
        assertEquals("get_sales(region: character)", byName.get("get_sales").signature());
        assertEquals("Sales by region", byName.get("get_sales").description());
        assertEquals("weigh(count: integer, factor: numeric, exact: logical, unit: character, labels: list = NULL)",
                byName.get("weigh").signature());
        assertEquals("Weighs things (count: how many; exact: exact?; unit: one of \"KG\", \"LB\"; labels: a character vector)",
                byName.get("weigh").description());
    }

    @Test
    void rejectsToolNamesThatAreNotRIdentifiers() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SecurerTools.fromObjects(new BadName()));
        assertEquals("LangChain4j tool 'get-sales' cannot become an R function: tool name 'get-sales' is not a valid R "
                + "identifier (must match ^(?:[A-Za-z]|\\.(?![0-9]))[A-Za-z0-9_.]*$, not be reserved, at most 128 characters)",
                e.getMessage());
        ToolSpecification reserved = ToolSpecification.builder().name("repeat").build();
        IllegalArgumentException reservedError = assertThrows(IllegalArgumentException.class,
                () -> SecurerTools.from(Map.of(reserved, (req, m) -> "x")));
        assertEquals("LangChain4j tool 'repeat' cannot become an R function: tool name 'repeat' is not a valid R "
                + "identifier (must match ^(?:[A-Za-z]|\\.(?![0-9]))[A-Za-z0-9_.]*$, not be reserved, at most 128 characters)",
                reservedError.getMessage());
        ToolSpecification digit = ToolSpecification.builder().name("1tool").build();
        assertThrows(IllegalArgumentException.class, () -> SecurerTools.from(Map.of(digit, (r, m) -> "x")));
    }

    @Test
    void rejectsParameterNamesThatAreNotRIdentifiers() {
        ToolSpecification spec = ToolSpecification.builder().name("ok")
                .parameters(JsonObjectSchema.builder().addStringProperty("bad-name").build()).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SecurerTools.from(Map.of(spec, (r, m) -> "x")));
        assertEquals("parameter 'bad-name' of LangChain4j tool 'ok' cannot become an R argument: argument name "
                + "'bad-name' is not a valid R identifier (must match ^(?:[A-Za-z]|\\.(?![0-9]))[A-Za-z0-9_.]*$, not be reserved, at most 128 characters)", e.getMessage());
    }

    @Test
    void objectsWithoutToolMethodsAreRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SecurerTools.fromObjects("plain string"));
        assertEquals("java.lang.String has no @Tool methods", e.getMessage());
    }

    @Test
    void buildsJsonArgumentsFromWhatRSent() throws Exception {
        ToolSpecification spec = ToolSpecification.builder().name("f").parameters(JsonObjectSchema.builder()
                .addIntegerProperty("n").addNumberProperty("x").addStringProperty("s").addBooleanProperty("b")
                .addProperty("ids", JsonArraySchema.builder().items(new JsonIntegerSchema()).build())
                .addProperty("tags", JsonArraySchema.builder().items(new JsonStringSchema()).build())
                .addStringProperty("opt")
                .required("n", "x", "s", "b", "ids", "tags").build()).build();
        List<ToolExecutionRequest> seen = new ArrayList<>();
        List<Object> memoryIds = new ArrayList<>();
        ToolExecutor recorder = (request, memoryId) -> {
            seen.add(request);
            memoryIds.add(memoryId);
            return "done";
        };
        SecurerTool tool = SecurerTools.from(Map.of(spec, recorder)).get(0);
        // jsonlite sends R's 5 (a double) as 5.0 at worst, and length-1 vectors possibly boxed
        ObjectNode fromR = (ObjectNode) MAPPER.readTree(
                "{\"n\":[5.0],\"x\":2.5,\"s\":[\"EU\"],\"b\":[true],\"ids\":[1.0,2],\"tags\":\"one\",\"opt\":null}");
        Object result = tool.handler().call(ToolArgs.of(fromR, null));
        assertEquals("done", result);
        assertEquals(1, seen.size());
        assertEquals("{\"n\":5,\"x\":2.5,\"s\":\"EU\",\"b\":true,\"ids\":[1,2],\"tags\":[\"one\"]}",
                seen.get(0).arguments());
        assertEquals("f", seen.get(0).name());
        assertTrue(seen.get(0).id().startsWith("securer-"), seen.get(0).id());
        assertEquals(List.of("default"), memoryIds);
    }

    @Test
    void runsTheOriginalExecutorOfAnAnnotatedObject() throws Exception {
        SecurerTool weigh = SecurerTools.fromObjects(new Shop()).stream()
                .filter(t -> t.name().equals("weigh")).findFirst().orElseThrow();
        ObjectNode fromR = (ObjectNode) MAPPER.readTree(
                "{\"count\":3,\"factor\":1.5,\"exact\":false,\"unit\":\"LB\",\"labels\":[\"a\",\"b\"]}");
        assertEquals("3|1.5|false|LB|[a, b]", weigh.handler().call(ToolArgs.of(fromR, null)));
        ObjectNode noLabels = (ObjectNode) MAPPER.readTree("{\"count\":3,\"factor\":1,\"exact\":true,\"unit\":\"KG\"}");
        assertEquals("3|1.0|true|KG|null", weigh.handler().call(ToolArgs.of(noLabels, null)));
    }
}
