package io.securer.examples;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * "Code mode": one R program fetches three regions' sales and an exchange rate from the host and
 * computes a summary no single tool call provides (total per region in USD, sorted), so the model
 * makes one round trip instead of four tool calls plus arithmetic it might get wrong. Uses the
 * model {@link ModelChoice#openAi} selects (offline by default).
 */
public final class DataAnalysisDemo {
    static final List<ScriptedExchange> SCRIPT = List.of(
            new ScriptedExchange("Rank the regions by total Q1 2025 sales in US dollars.",
                    """
                    rate <- fx_rate(from = "EUR", to = "USD")
                    regions <- c("EU", "US", "APAC")
                    eur <- vapply(regions, function(r) sum(get_sales(region = r)$amount), numeric(1))
                    ranking <- data.frame(region = regions, total_eur = eur, total_usd = round(eur * rate, 2))
                    ranking <- ranking[order(-ranking$total_usd), ]
                    rownames(ranking) <- NULL
                    ranking""",
                    "  region total_eur total_usd\n"
                            + "1     US      9200      9936\n"
                            + "2     EU      6200      6696\n"
                            + "3   APAC      3300      3564",
                    "By Q1 2025 sales in USD: 1. US $9,936, 2. EU $6,696, 3. APAC $3,564 (EUR 9,200, 6,200 and 3,300 at 1.08)."));

    private DataAnalysisDemo() {
    }

    public static DemoScenario scenario() {
        return new DemoScenario("data analysis in one R program (code mode)",
                () -> List.of(new SalesTools(), new FxRates()), SCRIPT);
    }

    public static Transcript run(Map<String, String> env, Consumer<String> out) {
        try (ModelChoice model = ModelChoice.openAi(env, SCRIPT)) {
            return DemoRunner.run(scenario(), model, out);
        }
    }

    public static void main(String[] args) {
        run(System.getenv(), System.out::println);
    }
}
