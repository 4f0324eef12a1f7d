package io.securer.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Ollama demo offline (scripted /api/chat) and through its OLLAMA_BASE_URL branch. */
class OllamaAgentDemoIT {

    @Test
    void offlineRunShowsRsResultAndTheAnswer() {
        Transcript t = OllamaAgentDemo.run(Map.of(), line -> { });

        assertEquals("""
                == securer demo: Ollama agent with run_r_code
                model: scripted Ollama-format replies from a local server (offline; set OLLAMA_BASE_URL to use Ollama)
                sandbox: bubblewrap
                R functions that call the host: get_sales(region: character), fx_rate(from: character, to: character)

                [user] What were total APAC sales in Q1 2025, in EUR and in USD?
                [model -> run_r_code]
                    apac <- get_sales(region = "APAC")
                    total <- sum(apac$amount)
                    c(eur = total, usd = total * fx_rate(from = "EUR", to = "USD"))
                [R -> host] get_sales(region = "APAC") -> 6 rows
                [R -> host] fx_rate(from = "EUR", to = "USD") -> 1.08
                [R result, as the model sees it]
                     eur  usd\s
                    3300 3564
                [model answer]
                    APAC sold EUR 3,300 in Q1 2025, which is USD 3,564.""", t.text());
    }

    @Test
    void ollamaBaseUrlSelectsTheLiveModel() {
        try (ScriptedModelServer ollama = ScriptedModelServer.ollama(OllamaAgentDemo.SCRIPT);
             ModelChoice live = ModelChoice.ollama(Map.of("OLLAMA_BASE_URL", ollama.baseUrl(),
                     "OLLAMA_MODEL", "qwen2.5"), OllamaAgentDemo.SCRIPT)) {
            assertFalse(live.offline());
            assertEquals("Ollama qwen2.5 at " + ollama.baseUrl() + " (live; replies vary)", live.label());
            Transcript t = DemoRunner.run(OllamaAgentDemo.scenario(), live, line -> { });
            assertTrue(t.lines().contains("    3300 3564"), t.text());
            assertEquals(2, ollama.requestCount());
        }
    }
}
