package io.securer.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Code mode: one R program, four host calls, a summary no single tool returns. */
class DataAnalysisDemoIT {

    @Test
    void oneProgramCallsBothHostToolsAndRanksTheRegions() {
        Transcript t = DataAnalysisDemo.run(Map.of(), line -> { });

        assertEquals("sandbox: bubblewrap", t.lines().get(2));
        assertTrue(t.text().contains("""
                [R -> host] fx_rate(from = "EUR", to = "USD") -> 1.08
                [R -> host] get_sales(region = "EU") -> 6 rows
                [R -> host] get_sales(region = "US") -> 6 rows
                [R -> host] get_sales(region = "APAC") -> 6 rows
                [R result, as the model sees it]
                      region total_eur total_usd
                    1     US      9200      9936
                    2     EU      6200      6696
                    3   APAC      3300      3564
                [model answer]
                    By Q1 2025 sales in USD: 1. US $9,936, 2. EU $6,696, 3. APAC $3,564 (EUR 9,200, 6,200 and 3,300 at 1.08)."""),
                t.text());
        assertEquals(1, t.lines().stream().filter(l -> l.equals("[model -> run_r_code]")).count(),
                "one model round trip for the whole analysis");
    }

    @Test
    void aRecordedAnswerThatContradictsRIsRefusedBeforeItIsShown() {
        ScriptedExchange wrong = new ScriptedExchange("Total EU sales?",
                "sum(get_sales(region = \"EU\")$amount)", "[1] 6000", "EU sold EUR 6,000.");
        DemoScenario scenario = new DemoScenario("wrong script", () -> List.of(new SalesTools()), List.of(wrong));
        try (ModelChoice model = ModelChoice.openAi(Map.of(), List.of(wrong))) {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> DemoRunner.run(scenario, model, line -> { }));
            assertEquals("the recorded answer to 'Total EU sales?' assumes R printed\n[1] 6000\nbut R printed\n[1] 6200",
                    e.getMessage());
        }
    }

    @Test
    void aHostToolErrorReachesRAndTheModelAsAnRError() {
        ScriptedExchange exchange = new ScriptedExchange("Sales in Mars?", "get_sales(region = \"MARS\")",
                "Error: tool 'get_sales' failed: unknown region 'MARS'; use EU, US or APAC",
                "There is no MARS region.");
        DemoScenario scenario = new DemoScenario("tool error", () -> List.of(new SalesTools()), List.of(exchange));
        try (ModelChoice model = ModelChoice.openAi(Map.of(), List.of(exchange))) {
            Transcript t = DemoRunner.run(scenario, model, line -> { });
            assertTrue(t.lines().contains("[R -> host] get_sales(region = \"MARS\") -> error: unknown region 'MARS'; "
                    + "use EU, US or APAC"), t.text());
            assertTrue(t.text().contains("""
                    [R result, as the model sees it]
                        Error: tool 'get_sales' failed: unknown region 'MARS'; use EU, US or APAC
                    [model answer]
                        There is no MARS region."""), t.text());
        }
    }
}
