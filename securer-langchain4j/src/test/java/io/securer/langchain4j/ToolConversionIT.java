package io.securer.langchain4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.langchain4j.agent.tool.P;
import dev.langchain4j.agent.tool.Tool;
import io.securer.ExecutionResult;
import io.securer.RExecutionException;
import io.securer.SandboxMode;
import io.securer.SecureSession;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Converted @Tool methods called from real, sandboxed R with R's natural values. */
class ToolConversionIT {
    enum Unit { KG, LB }

    record Item(String name, int qty) {
    }

    /** Each tool stores what it received; a tool runs on a securer thread, before execute returns. */
    static class Shop {
        volatile Object received;
        volatile int audits;

        @Tool("Counts tags")
        int tag_count(@P("tags") List<String> tags) {
            received = tags;
            return tags.size();
        }

        @Tool("Adds whole numbers")
        int sum_ints(List<Integer> xs) {
            received = xs;
            return xs.stream().mapToInt(Integer::intValue).sum();
        }

        @Tool("Total weight")
        int total_weight(Map<String, Integer> weights) {
            received = weights;
            return weights.values().stream().mapToInt(Integer::intValue).sum();
        }

        @Tool("The day after")
        LocalDate next_day(LocalDate day) {
            received = day;
            return day.plusDays(1);
        }

        @Tool("Unit name")
        String unit_name(Unit unit) {
            received = unit;
            return unit == Unit.KG ? "kilogram" : "pound";
        }

        @Tool("Doubles an item's quantity")
        Item double_item(Item item) {
            received = item;
            return new Item(item.name(), item.qty() * 2);
        }

        @Tool("Order lines")
        List<Item> order_lines() {
            return List.of(new Item("x", 1), new Item("y", 2));
        }

        @Tool("An id that is text")
        String big_text() {
            return "9007199254740993";
        }

        @Tool("Records an event")
        void audit(String message) {
            received = message;
            audits++;
        }

        @Tool("Finds nothing")
        String find_nothing() {
            return null;
        }
    }

    private static final Shop SHOP = new Shop();
    private static SecureSession session;

    @BeforeAll
    static void start() {
        session = SecureSession.builder().sandbox(true)
                .tools(SecurerTools.withCatalog(SecurerTools.fromObjects(SHOP))).build();
        assertEquals(SandboxMode.BUBBLEWRAP, session.sandboxMode());
    }

    @AfterAll
    static void stop() {
        if (session != null) { // null when R could not start: that failure is the one to report
            session.close();
        }
    }

    private static ExecutionResult run(String code) {
        SHOP.received = null;
        return session.execute(code);
    }

    @Test
    void characterVectorsOfAnyLengthReachAListOfStrings() {
        assertEquals(2, run("tag_count(c('a', 'b'))").value().asInt());
        assertEquals(List.of("a", "b"), SHOP.received);
        assertEquals(1, run("tag_count('a')").value().asInt());
        assertEquals(List.of("a"), SHOP.received);
        assertEquals(0, run("tag_count(character(0))").value().asInt());
        assertEquals(List.of(), SHOP.received);
        assertEquals(2, run("tag_count(factor(c('x', 'y')))").value().asInt());
        assertEquals(List.of("x", "y"), SHOP.received);
    }

    @Test
    void integerSequencesAndNamedVectorsReachCollections() {
        ExecutionResult sum = run("sum_ints(1:3)");
        assertEquals("[1] 6", sum.printed());
        assertEquals(List.of(1, 2, 3), SHOP.received);
        assertEquals("[1] 3", run("total_weight(c(a = 1, b = 2))").printed());
        assertEquals(Map.of("a", 1, "b", 2), SHOP.received);
    }

    @Test
    void aDateReachesALocalDateAndComesBackAsText() {
        ExecutionResult r = run("next_day(as.Date('2024-03-01'))");
        assertEquals(LocalDate.of(2024, 3, 1), SHOP.received);
        assertEquals("[1] \"2024-03-02\"", r.printed());
    }

    @Test
    void enumsTakeTextAndFactors() {
        assertEquals("[1] \"pound\"", run("unit_name('LB')").printed());
        assertEquals(Unit.LB, SHOP.received);
        assertEquals("[1] \"kilogram\"", run("unit_name(factor('KG'))").printed());
        assertEquals(Unit.KG, SHOP.received);
    }

    @Test
    void aNamedListReachesARecordAndARecordComesBackAsANamedList() {
        ExecutionResult r = run("x <- double_item(list(name = 'x', qty = 2))\npaste(x$name, x$qty)");
        assertEquals(new Item("x", 2), SHOP.received);
        assertEquals("[1] \"x 4\"", r.printed());
        assertEquals("[1] \"data.frame\"", run("class(order_lines())").printed());
        assertEquals("[1] 3", run("sum(order_lines()$qty)").printed());
    }

    @Test
    void aStringResultStaysCharacter() {
        ExecutionResult r = run("big_text()");
        assertEquals("9007199254740993", r.value().textValue());
        assertEquals(List.of("character"), r.rClass());
        assertEquals("[1] \"9007199254740993\"", r.printed());
    }

    @Test
    void voidGivesAnInvisibleNullAndNullGivesNull() {
        int before = SHOP.audits;
        assertEquals("[1] FALSE", run("withVisible(audit('shipped'))$visible").printed());
        assertEquals("shipped", SHOP.received);
        assertEquals(before + 1, SHOP.audits);
        assertFalse(run("audit('again')").visible());
        assertEquals("[1] TRUE", run("is.null(audit('x'))").printed());
        assertEquals("[1] TRUE", run("is.null(find_nothing())").printed());
    }

    @Test
    void anUnnamedVectorForAMapIsRefusedBeforeTheToolRuns() {
        RExecutionException e = assertThrows(RExecutionException.class, () -> run("total_weight(c(1, 2))"));
        assertEquals("tool 'total_weight' failed: argument 'weights' must be a named vector or list, e.g. "
                + "c(a = 1, b = 2), not an unnamed vector or list of length 2", e.rMessage());
        assertNull(SHOP.received);
    }

    @Test
    void theCatalogListsAndExplainsTheTools() {
        assertEquals("[1] \"next_day\"", run("list_tools('day')$name").printed());
        assertEquals("[1] \"next_day(day: character): The day after (day: a date (a Date or \\\"YYYY-MM-DD\\\"))\"",
                run("tool_help('next_day')").printed());
    }
}
