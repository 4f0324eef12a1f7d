package io.securer.langchain4j;

import static io.securer.langchain4j.ConversionFixtures.direct;
import static io.securer.langchain4j.ConversionFixtures.viaR;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.securer.langchain4j.ConversionFixtures.Address;
import io.securer.langchain4j.ConversionFixtures.Item;
import io.securer.langchain4j.ConversionFixtures.Order;
import io.securer.langchain4j.ConversionFixtures.ParameterTools;
import io.securer.langchain4j.ConversionFixtures.Unit;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * For each parameter type LangChain4j supports: what the Java method receives when R calls the
 * converted function with its natural values (the JSON R's runtime sends) equals what
 * LangChain4j's {@code DefaultToolExecutor} passes when a model sends the equivalent JSON directly.
 */
class ParameterConversionTest {
    private final ParameterTools tools = new ParameterTools();

    /** Runs both paths and returns what the method received (the same both times). */
    private List<Object> received(String tool, String fromR, String fromModel) throws Exception {
        tools.received = null;
        assertEquals("ok", viaR(tools, tool, fromR));
        List<Object> viaR = tools.received;
        tools.received = null;
        assertEquals("ok", direct(tools, tool, fromModel).result());
        assertEquals(tools.received, viaR, "what " + tool + " received from R");
        return viaR;
    }

    @Test
    void primitivesTakeRScalars() throws Exception {
        // R sends 3L as 3, 5 (a double) as 5, 2.5 as 2.5
        assertEquals(Arrays.asList(3, 5L, 2.5, 1.5f, true, (short) 7, (byte) 1),
                received("primitives", "{\"i\":3,\"l\":5,\"d\":2.5,\"f\":1.5,\"b\":true,\"s\":7,\"y\":1}",
                        "{\"i\":3,\"l\":5,\"d\":2.5,\"f\":1.5,\"b\":true,\"s\":7,\"y\":1}"));
    }

    @Test
    void wholeDoublesFromRBecomeIntegers() throws Exception {
        assertEquals(Arrays.asList(3, 5L, 2.0, 1.0f, false, (short) 7, (byte) 1),
                received("primitives", "{\"i\":3.0,\"l\":5.0,\"d\":2,\"f\":1,\"b\":false,\"s\":7.0,\"y\":1.0}",
                        "{\"i\":3,\"l\":5,\"d\":2,\"f\":1,\"b\":false,\"s\":7,\"y\":1}"));
    }

    @Test
    void boxedTypesTakeRScalars() throws Exception {
        assertEquals(Arrays.asList(3, 5L, 2.5, 1.5f, false),
                received("boxed", "{\"i\":3,\"l\":5,\"d\":2.5,\"f\":1.5,\"b\":false}",
                        "{\"i\":3,\"l\":5,\"d\":2.5,\"f\":1.5,\"b\":false}"));
    }

    @Test
    void stringTakesACharacterValue() throws Exception {
        assertEquals(List.of("héllo \"x\""), received("text", "{\"s\":\"héllo \\\"x\\\"\"}",
                "{\"s\":\"héllo \\\"x\\\"\"}"));
    }

    @Test
    void enumTakesItsNameOrAFactorLabelInAnyCase() throws Exception {
        assertEquals(List.of(Unit.LB), received("unit", "{\"unit\":\"LB\"}", "{\"unit\":\"LB\"}"));
        assertEquals(List.of(Unit.KG), received("unit", "{\"unit\":\"kg\"}", "{\"unit\":\"kg\"}"));
    }

    @Test
    void uuidBigDecimalAndBigIntegerTakeTextAndNumbers() throws Exception {
        assertEquals(List.of(new UUID(1, 2), BigDecimal.valueOf(19.9), BigInteger.valueOf(12)),
                received("exact", "{\"id\":\"00000000-0000-0001-0000-000000000002\",\"amount\":19.9,\"count\":12}",
                        "{\"id\":\"00000000-0000-0001-0000-000000000002\",\"amount\":19.9,\"count\":12}"));
    }

    @Test
    void listOfStringsTakesACharacterVectorOfAnyLength() throws Exception {
        assertEquals(List.of(List.of("a", "b")), received("strings", "{\"xs\":[\"a\",\"b\"]}", "{\"xs\":[\"a\",\"b\"]}"));
        assertEquals(List.of(List.of("a")), received("strings", "{\"xs\":\"a\"}", "{\"xs\":[\"a\"]}"));
        assertEquals(List.of(List.of()), received("strings", "{\"xs\":[]}", "{\"xs\":[]}"));
    }

    @Test
    void listOfIntegersTakesAnIntegerOrDoubleVector() throws Exception {
        assertEquals(List.of(List.of(1, 2, 3)), received("integers", "{\"xs\":[1,2,3]}", "{\"xs\":[1,2,3]}"));
        assertEquals(List.of(List.of(1, 2)), received("integers", "{\"xs\":[1.0,2.0]}", "{\"xs\":[1,2]}"));
        assertEquals(List.of(List.of(7)), received("integers", "{\"xs\":7}", "{\"xs\":[7]}"));
    }

    @Test
    void aNamedVectorForAListGivesItsValuesInOrder() throws Exception {
        // c(b = 2, a = 1) for List<Integer>: the values, in R's order; the names are dropped
        assertEquals(List.of(List.of(2, 1)), received("integers", "{\"xs\":{\"b\":2,\"a\":1}}", "{\"xs\":[2,1]}"));
    }

    @Test
    void setsAndArraysTakeVectors() throws Exception {
        assertEquals(List.of(Set.of("a", "b")), received("stringSet", "{\"xs\":[\"a\",\"b\",\"a\"]}",
                "{\"xs\":[\"a\",\"b\",\"a\"]}"));
        assertEquals(List.of(Set.of("a")), received("stringSet", "{\"xs\":\"a\"}", "{\"xs\":[\"a\"]}"));
        assertEquals(List.of(List.of("a", "b")), received("stringArray", "{\"xs\":[\"a\",\"b\"]}",
                "{\"xs\":[\"a\",\"b\"]}"));
        assertEquals(List.of(List.of()), received("stringArray", "{\"xs\":[]}", "{\"xs\":[]}"));
        assertEquals(List.of(List.of(1, 2, 3)), received("intArray", "{\"xs\":[1,2,3]}", "{\"xs\":[1,2,3]}"));
        assertEquals(List.of(List.of(4)), received("intArray", "{\"xs\":4}", "{\"xs\":[4]}"));
    }

    @Test
    void listOfEnumsTakesACharacterVectorOrFactor() throws Exception {
        assertEquals(List.of(List.of(Unit.KG, Unit.LB)), received("units", "{\"units\":[\"KG\",\"lb\"]}",
                "{\"units\":[\"KG\",\"LB\"]}"));
    }

    @Test
    void listOfRecordsTakesADataFrameOrOneNamedList() throws Exception {
        List<Item> two = List.of(new Item("x", 1), new Item("y", 2));
        String rows = "[{\"name\":\"x\",\"qty\":1},{\"name\":\"y\",\"qty\":2}]";
        assertEquals(List.of(two), received("items", "{\"items\":" + rows + "}", "{\"items\":" + rows + "}"));
        assertEquals(List.of(List.of(new Item("x", 1))), received("items", "{\"items\":{\"name\":\"x\",\"qty\":1}}",
                "{\"items\":[{\"name\":\"x\",\"qty\":1}]}"));
        assertEquals(List.of(two), received("itemArray", "{\"items\":" + rows + "}", "{\"items\":" + rows + "}"));
    }

    @Test
    void mapTakesANamedVector() throws Exception {
        // c(a = 1, b = 2): R's doubles arrive as whole numbers, LangChain4j makes them Integers
        assertEquals(List.of(Map.of("a", 1, "b", 2), Integer.class),
                received("counts", "{\"counts\":{\"a\":1,\"b\":2}}", "{\"counts\":{\"a\":1,\"b\":2}}"));
    }

    @Test
    void recordTakesANamedList() throws Exception {
        assertEquals(List.of(new Item("x", 2)), received("item", "{\"item\":{\"name\":\"x\",\"qty\":2}}",
                "{\"item\":{\"name\":\"x\",\"qty\":2}}"));
    }

    @Test
    void nestedPojoTakesNestedListsAndADataFrame() throws Exception {
        String order = "{\"id\":\"o1\",\"items\":[{\"name\":\"x\",\"qty\":2}],"
                + "\"address\":{\"street\":\"Main St\",\"zip\":1234},\"unit\":\"KG\"}";
        assertEquals(List.of(Order.of("o1", List.of(new Item("x", 2)), new Address("Main St", 1234), Unit.KG)),
                received("order", "{\"order\":" + order + "}", "{\"order\":" + order + "}"));
        // one item given as a named list, the unit as a lower-case factor label
        String natural = "{\"id\":\"o1\",\"items\":{\"name\":\"x\",\"qty\":2.0},"
                + "\"address\":{\"street\":\"Main St\",\"zip\":1234.0},\"unit\":\"kg\"}";
        assertEquals(List.of(Order.of("o1", List.of(new Item("x", 2)), new Address("Main St", 1234), Unit.KG)),
                received("order", "{\"order\":" + natural + "}", "{\"order\":" + order + "}"));
    }

    @Test
    void optionalParametersMayBeLeftOut() throws Exception {
        assertEquals(Arrays.asList(Optional.of("n"), 3), received("optional", "{\"note\":\"n\",\"limit\":3}",
                "{\"note\":\"n\",\"limit\":3}"));
        assertEquals(Arrays.asList(Optional.empty(), null), received("optional", "{}", "{}"));
        // an optional argument R set to NULL or NA is left out
        assertEquals(Arrays.asList(Optional.empty(), null), received("optional", "{\"note\":null,\"limit\":null}", "{}"));
    }

    @Test
    void localDateTakesADateAsIsoText() throws Exception {
        assertEquals(List.of(LocalDate.of(2024, 3, 1)), received("day", "{\"day\":\"2024-03-01\"}",
                "{\"day\":{\"year\":2024,\"month\":3,\"day\":1}}"));
    }

    @Test
    void listOfDatesTakesADateVector() throws Exception {
        assertEquals(List.of(List.of(LocalDate.of(2024, 3, 1), LocalDate.of(2024, 3, 2))),
                received("days", "{\"days\":[\"2024-03-01\",\"2024-03-02\"]}",
                        "{\"days\":[{\"year\":2024,\"month\":3,\"day\":1},{\"year\":2024,\"month\":3,\"day\":2}]}"));
        assertEquals(List.of(List.of(LocalDate.of(2024, 3, 1))), received("days", "{\"days\":\"2024-03-01\"}",
                "{\"days\":[\"2024-03-01\"]}"));
        // a named Date vector: its values in order
        assertEquals(List.of(List.of(LocalDate.of(2024, 3, 2))), received("days", "{\"days\":{\"start\":\"2024-03-02\"}}",
                "{\"days\":[\"2024-03-02\"]}"));
    }

    @Test
    void localDateTimeTakesAPosixctAsUtcClockTime() throws Exception {
        String model = "{\"at\":{\"date\":{\"year\":2024,\"month\":3,\"day\":1},"
                + "\"time\":{\"hour\":12,\"minute\":30,\"second\":5,\"nano\":0}}}";
        assertEquals(List.of(LocalDateTime.of(2024, 3, 1, 12, 30, 5)),
                received("moment", "{\"at\":\"2024-03-01T12:30:05Z\"}", model));
        // inside a list jsonlite writes "YYYY-MM-DD HH:MM:SS"; fractional seconds are kept
        assertEquals(List.of(LocalDateTime.of(2024, 3, 1, 12, 30, 5)),
                received("moment", "{\"at\":\"2024-03-01 12:30:05\"}", model));
        assertEquals(List.of(LocalDateTime.of(2024, 3, 1, 12, 30, 5, 250_000_000)),
                received("moment", "{\"at\":\"2024-03-01T12:30:05.25Z\"}", model.replace("\"nano\":0",
                        "\"nano\":250000000")));
    }

    @Test
    void instantIsRefusedByLangChain4jItselfOnBothPaths() throws Exception {
        // LangChain4j 1.19's JSON codec has no java.time module: a model's JSON fails the same way.
        Exception fromModel = assertThrows(RuntimeException.class,
                () -> direct(tools, "instant", "{\"at\":{\"seconds\":1709296205,\"nanos\":0}}"));
        Exception fromR = assertThrows(RuntimeException.class,
                () -> viaR(tools, "instant", "{\"at\":\"2024-03-01T12:30:05Z\"}"));
        assertEquals("Java 8 date/time type `java.time.Instant` not supported by default: add Module "
                + "\"com.fasterxml.jackson.datatype:jackson-datatype-jsr310\" to enable handling "
                + "(or disable `MapperFeature.REQUIRE_HANDLERS_FOR_JAVA8_TIMES`)", // Jackson 2.22's wording
                fromR.getMessage().lines().findFirst().orElseThrow());
        assertEquals("com.fasterxml.jackson.databind.exc.InvalidDefinitionException: " + fromR.getMessage(),
                fromModel.getMessage());
        assertNull(tools.received);
    }
}
