package io.securer.langchain4j;

import static io.securer.langchain4j.ConversionFixtures.MAPPER;
import static io.securer.langchain4j.ConversionFixtures.direct;
import static io.securer.langchain4j.ConversionFixtures.viaR;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.service.tool.ToolExecutionResult;
import io.securer.SecurerTool;
import io.securer.ToolArgs;
import io.securer.langchain4j.ConversionFixtures.ResultTools;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * For each return type: what R receives from a converted {@code @Tool} method (the handler's
 * return value, as securer sends it) next to what LangChain4j makes of the same call.
 */
class ResultConversionTest {
    private final ResultTools tools = new ResultTools();

    private Object fromR(String tool) throws Exception {
        return viaR(tools, tool, "{}");
    }

    /** A structured result reaches R as the JSON LangChain4j gives the model. */
    private void assertSameJson(String tool, String json) throws Exception {
        Object r = fromR(tool);
        assertInstanceOf(JsonNode.class, r, tool);
        assertEquals(json, r.toString(), tool);
        assertEquals(json, direct(tools, tool, "{}").resultText(), tool);
    }

    @Test
    void aStringResultIsCharacterAndNeverReparsed() throws Exception {
        assertEquals("9007199254740993", fromR("bigText"));
        assertEquals("12345", fromR("numberText"));
        assertEquals("[{\"a\":1}]", fromR("jsonText"));
        assertEquals("9007199254740993", direct(tools, "bigText", "{}").result());
    }

    @Test
    void aNullResultIsRNull() throws Exception {
        assertNull(fromR("nullText"));
        assertNull(fromR("nullItem"));
        // LangChain4j itself shows the model the text "null"
        assertEquals("null", direct(tools, "nullText", "{}").resultText());
    }

    @Test
    void aVoidMethodGivesAnInvisibleNull() throws Exception {
        assertSame(SecurerTool.INVISIBLE, fromR("nothing"));
        assertEquals(1, tools.voidCalls);
        assertEquals("Success", direct(tools, "nothing", "{}").resultText());
    }

    @Test
    void scalarsAreTheJsonLangChain4jWrites() throws Exception {
        assertSameJson("answer", "42");
        assertSameJson("big", "9007199254740993");
        assertSameJson("ratio", "0.25");
        assertSameJson("yes", "true");
        assertSameJson("unit", "\"LB\"");
        assertSameJson("id", "\"00000000-0000-0001-0000-000000000002\"");
        assertSameJson("price", "19.90");
        assertSameJson("day", "\"2024-03-01\"");
        assertSameJson("moment", "\"2024-03-01T12:30:05\"");
    }

    @Test
    void collectionsRecordsAndPojosAreTheJsonLangChain4jWrites() throws Exception {
        assertSameJson("names", "[\"a\",\"b\"]");
        assertSameJson("items", "[{\"name\":\"x\",\"qty\":1},{\"name\":\"y\",\"qty\":2}]");
        assertSameJson("counts", "{\"a\":1,\"b\":2}");
        assertSameJson("item", "{\"name\":\"x\",\"qty\":1}");
        assertSameJson("order", "{\"id\":\"o1\",\"items\":[{\"name\":\"x\",\"qty\":1}],"
                + "\"address\":{\"street\":\"Main St\",\"zip\":1234},\"unit\":\"KG\"}");
        assertSameJson("numbers", "[1,2,3]");
    }

    @Test
    void resultsLangChain4jCannotWriteFailInRAsTheyDoForTheModel() throws Exception {
        ToolExecutionResult optional = direct(tools, "maybe", "{}");
        RuntimeException modelSide = assertThrows(RuntimeException.class, optional::resultText);
        RuntimeException rSide = assertThrows(RuntimeException.class, () -> fromR("maybe"));
        assertEquals(modelSide.getMessage(), rSide.getMessage());
        RuntimeException instant = assertThrows(RuntimeException.class, () -> fromR("now"));
        assertEquals(assertThrows(RuntimeException.class, direct(tools, "now", "{}")::resultText).getMessage(),
                instant.getMessage());
    }

    @Test
    void executorTextIsParsedOnlyWhenItIsAJsonObjectOrArray() throws Exception {
        assertEquals(MAPPER.readTree("[{\"month\":\"Jan\",\"amount\":100}]"),
                ToolResults.fromText("[{\"month\":\"Jan\",\"amount\":100}]"));
        assertEquals(MAPPER.readTree("{\"a\":1}"), ToolResults.fromText(" {\"a\":1} "));
        assertEquals("9007199254740993", ToolResults.fromText("9007199254740993"));
        assertEquals("true", ToolResults.fromText("true"));
        assertEquals("Success", ToolResults.fromText("Success"));
        assertEquals("\"quoted\"", ToolResults.fromText("\"quoted\""));
        assertEquals("[not json", ToolResults.fromText("[not json"));
        assertEquals("[1] trailing", ToolResults.fromText("[1] trailing"));
        assertNull(ToolResults.fromText(null));
    }

    @Test
    void programmaticExecutorsGiveRTheirText() throws Exception {
        ToolSpecification spec = ToolSpecification.builder().name("count").build();
        SecurerTool text = SecurerTools.from(Map.of(spec, (request, memoryId) -> "12345")).get(0);
        assertEquals("12345", text.handler().call(ToolArgs.of(MAPPER.createObjectNode(), null)));
        SecurerTool rows = SecurerTools.from(Map.of(spec, (request, memoryId) -> "[{\"n\":1}]")).get(0);
        assertEquals(MAPPER.readTree("[{\"n\":1}]"), rows.handler().call(ToolArgs.of(MAPPER.createObjectNode(), null)));
    }
}
