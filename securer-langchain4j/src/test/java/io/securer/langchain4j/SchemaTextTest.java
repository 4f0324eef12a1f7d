package io.securer.langchain4j;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.langchain4j.agent.tool.P;
import dev.langchain4j.agent.tool.Tool;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.model.chat.request.json.JsonArraySchema;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonReferenceSchema;
import io.securer.SecurerTool;
import io.securer.langchain4j.ConversionFixtures.Order;
import io.securer.langchain4j.ConversionFixtures.Unit;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What the model reads about a converted tool keeps what LangChain4j's JSON schema says. */
class SchemaTextTest {
    static class Warehouse {
        @Tool("Converts a weight")
        double convert(@P("the weight") double weight, @P("target unit") Unit unit) {
            return weight;
        }

        @Tool("Places an order")
        String place(Order order, @P(value = "free text", required = false) String note) {
            return "ok";
        }

        @Tool("Stock of some products")
        String stock(@P("product codes") List<String> codes, List<Integer> bins, List<Unit> units,
                     Map<String, Integer> minimum) {
            return "ok";
        }

        @Tool("Opening days")
        String opening(List<LocalDate> days) {
            return "ok";
        }

        @Tool("Deliveries between two days")
        String deliveries(LocalDate from, LocalDateTime until, Optional<String> carrier) {
            return "ok";
        }

        @Tool(name = "report", value = {"Builds the monthly report.", "", "   Slow: call it once."})
        String report() {
            return "ok";
        }
    }

    private static SecurerTool tool(String name) {
        return ConversionFixtures.converted(new Warehouse(), name);
    }

    @Test
    void anEnumShowsItsValues() {
        assertEquals("convert(weight: numeric, unit: character)", tool("convert").signature());
        assertEquals("Converts a weight (weight: the weight; unit: target unit, one of \"KG\", \"LB\")",
                tool("convert").description());
    }

    @Test
    void aPojoShowsItsFieldsNestedAndAnOptionalParameterIsMarked() {
        assertEquals("place(order: list, note: character = NULL)", tool("place").signature());
        assertEquals("Places an order (order: list(id: character, items: list of list(name: character, qty: "
                + "integer), address: list(street: character, zip: integer), unit: \"KG\"|\"LB\"); note: free text)",
                tool("place").description());
    }

    @Test
    void arraysShowTheirItemsAndMapsSayNamed() {
        assertEquals("Stock of some products (codes: product codes, a character vector; bins: an integer vector; "
                + "units: a vector of \"KG\"|\"LB\"; minimum: a named vector or list, e.g. c(a = 1, b = 2))",
                tool("stock").description());
    }

    @Test
    void datesSayWhichRValuesTheyTake() {
        assertEquals("deliveries(from: character, until: character, carrier: character = NULL)",
                tool("deliveries").signature());
        assertEquals("Deliveries between two days (from: a date (a Date or \"YYYY-MM-DD\"); until: a date-time "
                + "(a POSIXct or \"YYYY-MM-DD HH:MM:SS\"))", tool("deliveries").description());
    }

    @Test
    void aListOfDatesIsADateVector() {
        assertEquals("Opening days (days: a Date vector)", tool("opening").description());
    }

    @Test
    void aMultiLineDescriptionIsFoldedOntoOneLine() {
        assertEquals("Builds the monthly report. Slow: call it once.", tool("report").description());
    }

    @Test
    void aRecursiveTypeStopsAtItself() {
        JsonObjectSchema node = JsonObjectSchema.builder().addStringProperty("v")
                .addProperty("kids", JsonArraySchema.builder()
                        .items(JsonReferenceSchema.builder().reference("node").build()).build())
                .required("v").build();
        ToolSpecification spec = ToolSpecification.builder().name("walk").description("Walks a tree")
                .parameters(JsonObjectSchema.builder().addProperty("tree", node)
                        .definitions(Map.of("node", node)).required("tree").build()).build();
        assertEquals("Walks a tree (tree: list(v: character, kids: list of list(v: character, kids: list of "
                + "list(...) = NULL) = NULL))", SchemaText.describe(spec));
    }

    @Test
    void deepNestingIsCutShort() {
        JsonObjectSchema level3 = JsonObjectSchema.builder().addIntegerProperty("n").required("n").build();
        JsonObjectSchema level2 = JsonObjectSchema.builder().addProperty("c", level3).required("c").build();
        JsonObjectSchema level1 = JsonObjectSchema.builder().addProperty("b", level2).required("b").build();
        JsonObjectSchema level0 = JsonObjectSchema.builder().addProperty("a", level1).required("a").build();
        assertEquals("list(a: list(b: list(c: list(...))))", SchemaText.type(level0, Map.of()));
    }
}
