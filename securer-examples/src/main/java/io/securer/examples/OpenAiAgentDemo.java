package io.securer.examples;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The main demo: a two-question chat in which the model answers by writing R that calls the
 * host's {@code get_sales} and {@code fx_rate}; the second question reuses a variable the first
 * R program left in the session. Offline by default (recorded OpenAI-format replies from a local
 * server, driving the real {@code OpenAiChatModel}); with {@code OPENAI_API_KEY} set it asks
 * OpenAI ({@code OPENAI_MODEL}, default gpt-4o-mini).
 */
public final class OpenAiAgentDemo {
    static final List<ScriptedExchange> SCRIPT = List.of(
            new ScriptedExchange("Which product sold best in the EU in Q1 2025?",
                    """
                    eu <- get_sales(region = "EU")
                    by_product <- aggregate(amount ~ product, data = eu, FUN = sum)
                    by_product[order(-by_product$amount), ]""",
                    "  product amount\n"
                            + "2  Widget   3800\n"
                            + "1  Gadget   2400",
                    "Widget sold best in the EU in Q1 2025: EUR 3,800, against EUR 2,400 for Gadget."),
            new ScriptedExchange("And how much is the Widget figure in US dollars?",
                    """
                    rate <- fx_rate(from = "EUR", to = "USD")
                    widget <- by_product$amount[by_product$product == "Widget"]
                    c(eur = widget, rate = rate, usd = widget * rate)""",
                    "    eur    rate     usd \n"
                            + "3800.00    1.08 4104.00",
                    "EUR 3,800 is USD 4,104 at 1.08 USD per EUR."));

    private OpenAiAgentDemo() {
    }

    public static DemoScenario scenario() {
        return new DemoScenario("OpenAI agent with run_r_code", () -> List.of(new SalesTools(), new FxRates()), SCRIPT);
    }

    /** Runs the demo with the model {@code env} selects; returns what it printed to {@code out}. */
    public static Transcript run(Map<String, String> env, Consumer<String> out) {
        return run(env, out, null);
    }

    /** As {@link #run(Map, Consumer)}, saving plots and the transcript in {@code outputDir} (null: nothing). */
    public static Transcript run(Map<String, String> env, Consumer<String> out, Path outputDir) {
        try (ModelChoice model = ModelChoice.openAi(env, SCRIPT)) {
            return DemoRunner.run(scenario(), model, out, outputDir);
        }
    }

    public static void main(String[] args) {
        run(System.getenv(), System.out::println, DemoRunner.OUTPUT_DIR);
    }
}
