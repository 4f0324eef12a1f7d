package io.securer.spring.example;

import dev.langchain4j.agent.tool.P;
import dev.langchain4j.agent.tool.Tool;
import io.securer.spring.RTools;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * The application's sales data as a LangChain4j tool. {@link RTools @RTools} makes it an R
 * function too, so the model's R code fetches the data with {@code sales(region = "EU")} and
 * computes on it in one run. Runs on the host, outside the sandbox.
 */
@Component
@RTools
public class SalesTools {

    /** One month's sales of a region. */
    public record Sale(String month, double amount) {
    }

    @Tool("Monthly sales of a region, in EUR")
    public List<Sale> sales(@P("the region: EU or US") String region) {
        return switch (region) {
            case "EU" -> List.of(new Sale("2025-01", 1200.0), new Sale("2025-02", 1350.5), new Sale("2025-03", 990.0));
            case "US" -> List.of(new Sale("2025-01", 2100.0), new Sale("2025-02", 1875.0), new Sale("2025-03", 2230.0));
            default -> throw new IllegalArgumentException("unknown region '" + region + "'; use EU or US");
        };
    }
}
