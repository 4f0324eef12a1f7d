package io.securer.examples;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The same agent against Ollama: {@code OLLAMA_BASE_URL} (e.g. http://localhost:11434) and
 * {@code OLLAMA_MODEL} (default llama3.1, which supports tool calls) when set; otherwise recorded
 * Ollama {@code /api/chat} replies from a local server drive the real {@code OllamaChatModel}.
 */
public final class OllamaAgentDemo {
    static final List<ScriptedExchange> SCRIPT = List.of(
            new ScriptedExchange("What were total APAC sales in Q1 2025, in EUR and in USD?",
                    """
                    apac <- get_sales(region = "APAC")
                    total <- sum(apac$amount)
                    c(eur = total, usd = total * fx_rate(from = "EUR", to = "USD"))""",
                    " eur  usd \n"
                            + "3300 3564",
                    "APAC sold EUR 3,300 in Q1 2025, which is USD 3,564."));

    private OllamaAgentDemo() {
    }

    public static DemoScenario scenario() {
        return new DemoScenario("Ollama agent with run_r_code", () -> List.of(new SalesTools(), new FxRates()), SCRIPT);
    }

    public static Transcript run(Map<String, String> env, Consumer<String> out) {
        return run(env, out, null);
    }

    /** As {@link #run(Map, Consumer)}, saving plots and the transcript in {@code outputDir} (null: nothing). */
    public static Transcript run(Map<String, String> env, Consumer<String> out, Path outputDir) {
        try (ModelChoice model = ModelChoice.ollama(env, SCRIPT)) {
            return DemoRunner.run(scenario(), model, out, outputDir);
        }
    }

    public static void main(String[] args) {
        run(System.getenv(), System.out::println, DemoRunner.OUTPUT_DIR);
    }
}
