package io.securer.examples;

import dev.langchain4j.agent.tool.P;
import dev.langchain4j.agent.tool.Tool;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A fixed sales table for the demos, exposed as a LangChain4j tool. The numbers are fixed so the
 * recorded (offline) model answers can be checked against what R really computes from them.
 * Stateless and thread-safe.
 */
public final class SalesTools {
    /** One row of the table: a month of 2025 Q1, a product, and the amount sold in EUR. */
    public record SaleRow(String month, String product, double amount) {
    }

    private static final Map<String, List<SaleRow>> SALES = Map.of(
            "EU", quarter(1200, 800, 1500, 700, 1100, 900),
            "US", quarter(2000, 1000, 1800, 1200, 2100, 1100),
            "APAC", quarter(600, 400, 700, 500, 650, 450));

    @Tool(name = "get_sales", value = "Monthly sales for 2025 Q1 in one region: rows of month, product and amount (EUR). "
            + "Regions: EU, US, APAC.")
    public List<SaleRow> getSales(@P("region code: EU, US or APAC") String region) {
        List<SaleRow> rows = region == null ? null : SALES.get(region.toUpperCase(Locale.ROOT));
        if (rows == null) {
            throw new IllegalArgumentException("unknown region '" + region + "'; use EU, US or APAC");
        }
        return rows;
    }

    private static List<SaleRow> quarter(double janWidget, double janGadget, double febWidget, double febGadget,
                                         double marWidget, double marGadget) {
        return List.of(new SaleRow("2025-01", "Widget", janWidget), new SaleRow("2025-01", "Gadget", janGadget),
                new SaleRow("2025-02", "Widget", febWidget), new SaleRow("2025-02", "Gadget", febGadget),
                new SaleRow("2025-03", "Widget", marWidget), new SaleRow("2025-03", "Gadget", marGadget));
    }
}
