package io.securer.langchain4j;

import static io.securer.langchain4j.ConversionFixtures.MAPPER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.model.chat.request.json.JsonAnyOfSchema;
import dev.langchain4j.model.chat.request.json.JsonArraySchema;
import dev.langchain4j.model.chat.request.json.JsonEnumSchema;
import dev.langchain4j.model.chat.request.json.JsonIntegerSchema;
import dev.langchain4j.model.chat.request.json.JsonNumberSchema;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonReferenceSchema;
import dev.langchain4j.model.chat.request.json.JsonStringSchema;
import dev.langchain4j.service.tool.ToolExecutor;
import io.securer.SecurerTool;
import io.securer.ToolArgs;
import io.securer.langchain4j.ConversionFixtures.ParameterTools;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Programmatic tools ({@code SecurerTools.from(Map)}) get the same conversions as annotated ones,
 * and whatever still does not fit the schema is refused, naming the argument, before the tool runs.
 */
class ArgumentValidationTest {
    private static final JsonObjectSchema ITEM = JsonObjectSchema.builder()
            .addStringProperty("name").addIntegerProperty("qty").required("name", "qty").build();

    private final List<String> sent = new ArrayList<>();
    private final ToolExecutor recorder = (request, memoryId) -> {
        sent.add(request.arguments());
        return "done";
    };

    private SecurerTool programmatic(JsonObjectSchema parameters) {
        return SecurerTools.from(Map.of(ToolSpecification.builder().name("f").parameters(parameters).build(),
                recorder)).get(0);
    }

    /** The arguments JSON the executor receives when R sends {@code fromR}. */
    private String sentFor(SecurerTool tool, String fromR) throws Exception {
        sent.clear();
        assertEquals("done", tool.handler().call(ToolArgs.of((ObjectNode) MAPPER.readTree(fromR), null)));
        assertEquals(1, sent.size());
        return sent.get(0);
    }

    /** The message R gets when it sends {@code fromR}; the executor must not run. */
    private String refusal(SecurerTool tool, String fromR) throws Exception {
        sent.clear();
        ObjectNode json = (ObjectNode) MAPPER.readTree(fromR);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> tool.handler().call(ToolArgs.of(json, null)));
        assertEquals(List.of(), sent);
        return e.getMessage();
    }

    @Test
    void programmaticArraySchemasTakeRVectors() throws Exception {
        SecurerTool f = programmatic(JsonObjectSchema.builder()
                .addProperty("tags", JsonArraySchema.builder().items(new JsonStringSchema()).build())
                .addProperty("ids", JsonArraySchema.builder().items(new JsonIntegerSchema()).build())
                .addProperty("rows", JsonArraySchema.builder().items(ITEM).build())
                .required("tags", "ids", "rows").build());
        assertEquals("{\"tags\":[\"a\",\"b\"],\"ids\":[1,2],\"rows\":[{\"name\":\"x\",\"qty\":1}]}",
                sentFor(f, "{\"tags\":[\"a\",\"b\"],\"ids\":[1.0,2],\"rows\":[{\"name\":\"x\",\"qty\":1}]}"));
        assertEquals("{\"tags\":[\"a\"],\"ids\":[],\"rows\":[{\"name\":\"x\",\"qty\":1}]}",
                sentFor(f, "{\"tags\":\"a\",\"ids\":[],\"rows\":{\"name\":\"x\",\"qty\":1.0}}"));
        assertEquals("{\"tags\":[\"1\",\"2\"],\"ids\":[3,4],\"rows\":[]}",
                sentFor(f, "{\"tags\":{\"a\":\"1\",\"b\":\"2\"},\"ids\":{\"x\":3,\"y\":4},\"rows\":{}}"));
    }

    @Test
    void programmaticObjectSchemasTakeNamedListsAndVectors() throws Exception {
        SecurerTool f = programmatic(JsonObjectSchema.builder()
                .addProperty("counts", JsonObjectSchema.builder().build())
                .addProperty("item", ITEM)
                .required("counts", "item").build());
        assertEquals("{\"counts\":{\"a\":1,\"b\":2},\"item\":{\"name\":\"x\",\"qty\":2}}",
                sentFor(f, "{\"counts\":{\"a\":1,\"b\":2},\"item\":{\"name\":\"x\",\"qty\":2.0}}"));
        assertEquals("{\"counts\":{},\"item\":{\"name\":\"x\",\"qty\":2}}",
                sentFor(f, "{\"counts\":[],\"item\":[{\"name\":\"x\",\"qty\":2}]}"));
    }

    @Test
    void anUnnamedVectorForAMapIsRefused() throws Exception {
        SecurerTool counts = ConversionFixtures.converted(new ParameterTools(), "counts");
        assertEquals("argument 'counts' must be a named vector or list, e.g. c(a = 1, b = 2), not an unnamed "
                + "vector or list of length 2", refusal(counts, "{\"counts\":[1,2]}"));
        assertEquals("argument 'counts' must be a named vector or list, e.g. c(a = 1, b = 2), not 5",
                refusal(counts, "{\"counts\":5}"));
    }

    @Test
    void wrongTypesAreRefusedWithTheirPathInRNotation() throws Exception {
        SecurerTool order = ConversionFixtures.converted(new ParameterTools(), "order");
        String address = "\"address\":{\"street\":\"Main St\",\"zip\":1}";
        assertEquals("argument 'order$items[[2]]$qty' must be a whole number, not \"two\"", refusal(order,
                "{\"order\":{\"id\":\"o1\",\"items\":[{\"name\":\"x\",\"qty\":1},{\"name\":\"y\",\"qty\":\"two\"}],"
                        + address + ",\"unit\":\"KG\"}}"));
        assertEquals("argument 'order$unit' must be one of \"KG\", \"LB\", not \"stone\"", refusal(order,
                "{\"order\":{\"id\":\"o1\",\"items\":[]," + address + ",\"unit\":\"stone\"}}"));
        assertEquals("argument 'order$address' must have field 'zip' (fields: street, zip)", refusal(order,
                "{\"order\":{\"id\":\"o1\",\"items\":[],\"address\":{\"street\":\"Main St\"},\"unit\":\"KG\"}}"));
        assertEquals("argument 'order$address$zip' must be a whole number, not NA", refusal(order,
                "{\"order\":{\"id\":\"o1\",\"items\":[],\"address\":{\"street\":\"s\",\"zip\":null},\"unit\":\"KG\"}}"));
        assertEquals("argument 'order' must be a named list with fields id, items, address, unit, not "
                + "\"o1\"", refusal(order, "{\"order\":\"o1\"}"));
    }

    @Test
    void naAndFractionsAreRefusedWhereWholeNumbersAreExpected() throws Exception {
        SecurerTool integers = ConversionFixtures.converted(new ParameterTools(), "integers");
        assertEquals("argument 'xs[[2]]' must be a whole number, not NA", refusal(integers, "{\"xs\":[1,null]}"));
        assertEquals("argument 'xs[[1]]' must be a whole number, not 1.5", refusal(integers, "{\"xs\":1.5}"));
        SecurerTool primitives = ConversionFixtures.converted(new ParameterTools(), "primitives");
        assertEquals("argument 'i' must be a whole number, not 5.5", refusal(primitives,
                "{\"i\":5.5,\"l\":1,\"d\":1,\"f\":1,\"b\":true,\"s\":1,\"y\":1}"));
    }

    @Test
    void aDateThatIsNotIsoTextIsRefused() throws Exception {
        SecurerTool day = ConversionFixtures.converted(new ParameterTools(), "day");
        assertEquals("argument 'day' must be a date (a Date or \"YYYY-MM-DD\"), not \"2024-13-01\"",
                refusal(day, "{\"day\":\"2024-13-01\"}"));
        assertEquals("argument 'day' must be a date (a Date or \"YYYY-MM-DD\"), not 20240301",
                refusal(day, "{\"day\":20240301}"));
    }

    @Test
    void additionalPropertiesFalseRefusesUnknownFields() throws Exception {
        SecurerTool f = programmatic(JsonObjectSchema.builder()
                .addProperty("item", JsonObjectSchema.builder().addStringProperty("name").required("name")
                        .additionalProperties(false).build())
                .required("item").build());
        assertEquals("argument 'item' has no field 'colour' (fields: name)",
                refusal(f, "{\"item\":{\"name\":\"x\",\"colour\":\"red\"}}"));
        assertEquals("{\"item\":{\"name\":\"x\"}}", sentFor(f, "{\"item\":{\"name\":\"x\"}}"));
    }

    @Test
    void missingRequiredArgumentsAreRefused() throws Exception {
        JsonObjectSchema parameters = JsonObjectSchema.builder().addStringProperty("s").required("s").build();
        assertEquals("argument 's' is missing", SchemaValidator.checkArguments(MAPPER.createObjectNode(), parameters));
        assertNull(SchemaValidator.checkArguments(MAPPER.readTree("{\"s\":\"x\"}"), parameters));
    }

    @Test
    void anyOfTakesTheFirstAlternativeThatFits() throws Exception {
        JsonObjectSchema circle = JsonObjectSchema.builder()
                .addProperty("type", JsonEnumSchema.builder().enumValues("Circle").build())
                .addNumberProperty("r").required("type", "r").build();
        JsonObjectSchema square = JsonObjectSchema.builder()
                .addProperty("type", JsonEnumSchema.builder().enumValues("Square").build())
                .addNumberProperty("side").required("type", "side").build();
        SecurerTool f = programmatic(JsonObjectSchema.builder()
                .addProperty("shape", JsonAnyOfSchema.builder().anyOf(circle, square).build())
                .required("shape").build());
        assertEquals("{\"shape\":{\"type\":\"Square\",\"side\":2}}",
                sentFor(f, "{\"shape\":{\"type\":\"square\",\"side\":2}}"));
        assertEquals("argument 'shape' must be one of: list(type: \"Circle\", r: numeric) | list(type: \"Square\", "
                + "side: numeric), not a named list or vector (names: type)", refusal(f, "{\"shape\":{\"type\":\"Circle\"}}"));
    }

    @Test
    void recursiveReferencesAreFollowed() throws Exception {
        JsonObjectSchema node = JsonObjectSchema.builder().addStringProperty("v")
                .addProperty("kids", JsonArraySchema.builder()
                        .items(JsonReferenceSchema.builder().reference("node").build()).build())
                .required("v").build();
        SecurerTool f = programmatic(JsonObjectSchema.builder().addProperty("tree", node)
                .definitions(Map.of("node", node)).required("tree").build());
        assertEquals("{\"tree\":{\"v\":\"a\",\"kids\":[{\"v\":\"b\",\"kids\":[]}]}}",
                sentFor(f, "{\"tree\":{\"v\":\"a\",\"kids\":{\"v\":\"b\",\"kids\":[]}}}"));
        assertEquals("argument 'tree$kids[[1]]$v' must be a string, not 3",
                refusal(f, "{\"tree\":{\"v\":\"a\",\"kids\":[{\"v\":3}]}}"));
    }

    @Test
    void numbersAreNotTakenForStrings() throws Exception {
        SecurerTool f = programmatic(JsonObjectSchema.builder()
                .addProperty("price", new JsonNumberSchema()).addProperty("code", new JsonStringSchema())
                .required("price", "code").build());
        assertEquals("argument 'code' must be a string, not 12", refusal(f, "{\"price\":1,\"code\":12}"));
        assertEquals("argument 'price' must be a number, not TRUE", refusal(f, "{\"price\":true,\"code\":\"x\"}"));
    }
}
