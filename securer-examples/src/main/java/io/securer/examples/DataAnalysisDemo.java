package io.securer.examples;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * "Code mode": one R program fetches three regions' sales and an exchange rate from the host and
 * computes a summary no single tool call provides (total per region in USD, sorted), so the model
 * makes one round trip instead of four tool calls plus arithmetic it might get wrong. The same
 * program draws a bar chart; {@code main} saves it as {@code demo-output/plot-1.png}. Uses the
 * model {@link ModelChoice#openAi} selects (offline by default).
 */
public final class DataAnalysisDemo {
    static final List<ScriptedExchange> SCRIPT = List.of(
            new ScriptedExchange("Rank the regions by total Q1 2025 sales in US dollars, with a bar chart.",
                    """
                    rate <- fx_rate(from = "EUR", to = "USD")
                    regions <- c("EU", "US", "APAC")
                    eur <- vapply(regions, function(r) sum(get_sales(region = r)$amount), numeric(1))
                    ranking <- data.frame(region = regions, total_eur = eur, total_usd = round(eur * rate, 2))
                    ranking <- ranking[order(-ranking$total_usd), ]
                    rownames(ranking) <- NULL
                    barplot(ranking$total_usd, names.arg = ranking$region, main = "Q1 2025 sales", ylab = "USD")
                    ranking""",
                    "  region total_eur total_usd\n"
                            + "1     US      9200      9936\n"
                            + "2     EU      6200      6696\n"
                            + "3   APAC      3300      3564\n"
                            + "plot 1: 800×600 PNG, shown to the user",
                    "By Q1 2025 sales in USD: 1. US $9,936, 2. EU $6,696, 3. APAC $3,564 (EUR 9,200, 6,200 and 3,300 at 1.08). "
                            + "The bar chart shows the same ranking."));

    private DataAnalysisDemo() {
    }

    public static DemoScenario scenario() {
        return new DemoScenario("data analysis in one R program (code mode)",
                () -> List.of(new SalesTools(), new FxRates()), SCRIPT);
    }

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
