package io.securer.langchain4j;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.langchain4j.agent.tool.P;
import dev.langchain4j.agent.tool.Tool;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.invocation.InvocationContext;
import dev.langchain4j.service.tool.DefaultToolExecutor;
import dev.langchain4j.service.tool.ToolExecutionResult;
import io.securer.SecurerTool;
import io.securer.ToolArgs;
import java.lang.reflect.Method;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Tools with every parameter and return type LangChain4j supports, and the two ways to call them:
 * through the converted R function with the JSON R's runtime sends, and through LangChain4j's own
 * {@link DefaultToolExecutor} with the JSON a model would send.
 */
final class ConversionFixtures {
    static final ObjectMapper MAPPER = new ObjectMapper();

    enum Unit { KG, LB }

    record Item(String name, int qty) {
    }

    record Address(String street, Integer zip) {
    }

    /** A field-based POJO with nested records, a list and an enum. */
    static final class Order {
        public String id;
        public List<Item> items;
        public Address address;
        public Unit unit;

        static Order of(String id, List<Item> items, Address address, Unit unit) {
            Order o = new Order();
            o.id = id;
            o.items = items;
            o.address = address;
            o.unit = unit;
            return o;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Order o && Objects.equals(id, o.id) && Objects.equals(items, o.items)
                    && Objects.equals(address, o.address) && unit == o.unit;
        }

        @Override
        public int hashCode() {
            return Objects.hash(id, items, address, unit);
        }

        @Override
        public String toString() {
            return "Order[" + id + ", " + items + ", " + address + ", " + unit + "]";
        }
    }

    /** Each method records what it received (arrays as lists, so they compare by value). */
    static final class ParameterTools {
        List<Object> received;

        @Tool String primitives(int i, long l, double d, float f, boolean b, short s, byte y) {
            return record(i, l, d, f, b, s, y);
        }

        @Tool String boxed(Integer i, Long l, Double d, Float f, Boolean b) {
            return record(i, l, d, f, b);
        }

        @Tool String text(String s) {
            return record(s);
        }

        @Tool String unit(Unit unit) {
            return record(unit);
        }

        @Tool String exact(UUID id, BigDecimal amount, BigInteger count) {
            return record(id, amount, count);
        }

        @Tool String strings(List<String> xs) {
            return record(xs);
        }

        @Tool String integers(List<Integer> xs) {
            return record(xs);
        }

        @Tool String stringSet(Set<String> xs) {
            return record(xs);
        }

        @Tool String stringArray(String[] xs) {
            return record(List.of(xs));
        }

        @Tool String intArray(int[] xs) {
            return record(Arrays.stream(xs).boxed().toList());
        }

        @Tool String units(List<Unit> units) {
            return record(units);
        }

        @Tool String items(List<Item> items) {
            return record(items);
        }

        @Tool String itemArray(Item[] items) {
            return record(List.of(items));
        }

        @Tool String counts(Map<String, Integer> counts) {
            return record(counts, counts.values().iterator().next().getClass());
        }

        @Tool String item(Item item) {
            return record(item);
        }

        @Tool String order(Order order) {
            return record(order);
        }

        @Tool String optional(Optional<String> note, @P(value = "at most", required = false) Integer limit) {
            return record(note, limit);
        }

        @Tool String day(LocalDate day) {
            return record(day);
        }

        @Tool String days(List<LocalDate> days) {
            return record(days);
        }

        @Tool String moment(LocalDateTime at) {
            return record(at);
        }

        @Tool String instant(Instant at) {
            return record(at);
        }

        private String record(Object... args) {
            received = Arrays.asList(args);
            return "ok";
        }
    }

    /** Each method returns one kind of value. */
    static final class ResultTools {
        int voidCalls;

        @Tool String bigText() {
            return "9007199254740993";
        }

        @Tool String numberText() {
            return "12345";
        }

        @Tool String jsonText() {
            return "[{\"a\":1}]";
        }

        @Tool String nullText() {
            return null;
        }

        @Tool void nothing() {
            voidCalls++;
        }

        @Tool Item nullItem() {
            return null;
        }

        @Tool int answer() {
            return 42;
        }

        @Tool long big() {
            return 9007199254740993L;
        }

        @Tool double ratio() {
            return 0.25;
        }

        @Tool boolean yes() {
            return true;
        }

        @Tool Unit unit() {
            return Unit.LB;
        }

        @Tool UUID id() {
            return new UUID(1, 2);
        }

        @Tool BigDecimal price() {
            return new BigDecimal("19.90");
        }

        @Tool LocalDate day() {
            return LocalDate.of(2024, 3, 1);
        }

        @Tool LocalDateTime moment() {
            return LocalDateTime.of(2024, 3, 1, 12, 30, 5);
        }

        @Tool List<String> names() {
            return List.of("a", "b");
        }

        @Tool List<Item> items() {
            return List.of(new Item("x", 1), new Item("y", 2));
        }

        @Tool Map<String, Integer> counts() {
            Map<String, Integer> m = new LinkedHashMap<>();
            m.put("a", 1);
            m.put("b", 2);
            return m;
        }

        @Tool Item item() {
            return new Item("x", 1);
        }

        @Tool Order order() {
            return Order.of("o1", List.of(new Item("x", 1)), new Address("Main St", 1234), Unit.KG);
        }

        @Tool int[] numbers() {
            return new int[] {1, 2, 3};
        }

        @Tool Optional<String> maybe() {
            return Optional.of("x");
        }

        @Tool Instant now() {
            return Instant.EPOCH;
        }
    }

    private ConversionFixtures() {
    }

    /** The converted R function {@code name} of {@code tools}. */
    static SecurerTool converted(Object tools, String name) {
        return SecurerTools.fromObjects(tools).stream().filter(t -> t.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no tool " + name));
    }

    /** What the handler returns (what securer sends back to R) when R sends {@code rJson}. */
    static Object viaR(Object tools, String name, String rJson) throws Exception {
        return converted(tools, name).handler().call(ToolArgs.of((ObjectNode) MAPPER.readTree(rJson), null));
    }

    /** LangChain4j's own execution of the model's {@code modelJson}, as AiServices builds it. */
    static ToolExecutionResult direct(Object tools, String name, String modelJson) {
        Method method = Arrays.stream(tools.getClass().getDeclaredMethods())
                .filter(m -> m.getName().equals(name) && m.isAnnotationPresent(Tool.class)).findFirst()
                .orElseThrow(() -> new AssertionError("no method " + name));
        ToolExecutionRequest request = ToolExecutionRequest.builder().id("model-1").name(name)
                .arguments(modelJson).build();
        return new DefaultToolExecutor(tools, method)
                .executeWithContext(request, InvocationContext.builder().chatMemoryId("default").build());
    }
}
