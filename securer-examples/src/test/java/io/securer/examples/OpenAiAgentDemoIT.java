package io.securer.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The main demo offline, exactly as scripts/demo.sh runs it: real AiServices and OpenAiChatModel
 * against the scripted server, real R in bubblewrap, real host tools. The environment is passed in
 * empty on purpose: Failsafe sets a fake OPENAI_API_KEY for the security tests.
 */
class OpenAiAgentDemoIT {

    @Test
    void printsEachTurnWithRsRealResultsAndTheRecordedAnswers() {
        List<String> printed = new ArrayList<>();
        Transcript t = OpenAiAgentDemo.run(Map.of(), printed::add);

        assertEquals(t.lines(), printed, "what main prints is the transcript");
        assertEquals("sandbox: bubblewrap", t.lines().get(2));
        // R's result is what the recorded answer claims (DemoRunner checks it too, and would throw)
        assertTrue(t.text().contains("""
                [R result, as the model sees it]
                      product amount
                    2  Widget   3800
                    1  Gadget   2400
                [model answer]
                    Widget sold best in the EU in Q1 2025: EUR 3,800, against EUR 2,400 for Gadget.
                """), t.text());
        // the second program reuses by_product from the first: the session kept its state
        assertTrue(t.text().contains("""
                [R -> host] fx_rate(from = "EUR", to = "USD") -> 1.08
                [R result, as the model sees it]
                        eur    rate     usd\s
                    3800.00    1.08 4104.00
                [model answer]
                    EUR 3,800 is USD 4,104 at 1.08 USD per EUR."""), t.text());
        assertEquals("""
                == securer demo: OpenAI agent with run_r_code
                model: scripted OpenAI-format replies from a local server (offline; set OPENAI_API_KEY to use OpenAI)
                sandbox: bubblewrap
                R functions that call the host: get_sales(region: character), fx_rate(from: character, to: character)

                [user] Which product sold best in the EU in Q1 2025?
                [model -> run_r_code]
                    eu <- get_sales(region = "EU")
                    by_product <- aggregate(amount ~ product, data = eu, FUN = sum)
                    by_product[order(-by_product$amount), ]
                [R -> host] get_sales(region = "EU") -> 6 rows
                [R result, as the model sees it]
                      product amount
                    2  Widget   3800
                    1  Gadget   2400
                [model answer]
                    Widget sold best in the EU in Q1 2025: EUR 3,800, against EUR 2,400 for Gadget.

                [user] And how much is the Widget figure in US dollars?
                [model -> run_r_code]
                    rate <- fx_rate(from = "EUR", to = "USD")
                    widget <- by_product$amount[by_product$product == "Widget"]
                    c(eur = widget, rate = rate, usd = widget * rate)
                [R -> host] fx_rate(from = "EUR", to = "USD") -> 1.08
                [R result, as the model sees it]
                        eur    rate     usd\s
                    3800.00    1.08 4104.00
                [model answer]
                    EUR 3,800 is USD 4,104 at 1.08 USD per EUR.

                [user] Show the EU sales by product as a bar chart.
                [model -> run_r_code]
                    barplot(by_product$amount, names.arg = by_product$product, main = "EU sales, Q1 2025", ylab = "EUR")
                [plot 1: 800×600 PNG, N bytes]
                [R result, as the model sees it]
                    plot 1: 800×600 PNG, shown to the user
                [model answer]
                    Here is the chart: Widget (EUR 3,800) ahead of Gadget (EUR 2,400).""",
                t.text().replaceAll("PNG, \\d+ bytes]", "PNG, N bytes]"));
    }

    @Test
    void mainSavesTheChartNextToTheTranscript(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        OpenAiAgentDemo.run(Map.of(), line -> { }, dir);
        byte[] png = java.nio.file.Files.readAllBytes(dir.resolve("plot-1.png"));
        assertEquals("\u0089PNG", new String(png, 0, 4, java.nio.charset.StandardCharsets.ISO_8859_1));
        assertTrue(java.nio.file.Files.readString(dir.resolve("transcript.txt")).contains("plot 1: 800×600 PNG"));
    }

    @Test
    void theLivePathTalksToAnyOpenAiCompatibleEndpoint() {
        // OPENAI_API_KEY + OPENAI_BASE_URL select the live branch; here the "provider" is the script.
        try (ScriptedModelServer provider = ScriptedModelServer.openAi(OpenAiAgentDemo.SCRIPT);
             ModelChoice live = ModelChoice.openAi(Map.of("OPENAI_API_KEY", "sk-test",
                     "OPENAI_BASE_URL", provider.baseUrl()), OpenAiAgentDemo.SCRIPT)) {
            assertFalse(live.offline());
            assertEquals("OpenAI gpt-4o-mini at " + provider.baseUrl() + " (live; replies vary)", live.label());
            Transcript t = DemoRunner.run(OpenAiAgentDemo.scenario(), live, line -> { });
            assertTrue(t.lines().contains("    EUR 3,800 is USD 4,104 at 1.08 USD per EUR."), t.text());
            assertEquals(6, provider.requestCount());
        }
    }
}
