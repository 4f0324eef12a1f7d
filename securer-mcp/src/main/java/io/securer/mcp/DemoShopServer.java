package io.securer.mcp;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.StdioServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.io.PrintStream;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * A small MCP server for trying code mode (and for the demo and tests): over stdio it offers
 * {@code get_orders(region)}, the fixed Q1 2025 orders of a region as a JSON array of records, and
 * {@code fx_rate(from, to)}, a fixed exchange rate as {@code {"from", "to", "rate"}}. Run it with
 * {@code java -cp securer-mcp.jar io.securer.mcp.DemoShopServer} or name it in a securer-mcp
 * config; it stops when its stdin closes. The numbers never change, so answers can be checked.
 * Unknown regions or currencies are tool errors ({@code isError}). Stateless and thread-safe.
 */
public final class DemoShopServer {
    /** One order: its id, the product, and the amount in EUR. */
    record Order(String id, String product, double amount) {
    }

    static final Map<String, List<Order>> ORDERS = Map.of(
            "EU", List.of(new Order("EU-1001", "Widget", 1200), new Order("EU-1002", "Gadget", 800),
                    new Order("EU-1003", "Widget", 1500)),
            "US", List.of(new Order("US-2001", "Widget", 2000), new Order("US-2002", "Gadget", 1000),
                    new Order("US-2003", "Widget", 1800), new Order("US-2004", "Gadget", 1200)),
            "APAC", List.of(new Order("AP-3001", "Widget", 600), new Order("AP-3002", "Gadget", 400)));
    static final Map<String, Double> PER_EUR = Map.of("EUR", 1.0, "USD", 1.08, "GBP", 0.85, "JPY", 160.0);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private DemoShopServer() {
    }

    public static void main(String[] args) throws InterruptedException {
        PrintStream stdout = System.out;
        System.setOut(System.err);
        EndOfInput input = new EndOfInput(System.in);
        McpJsonMapper json = new JacksonMcpJsonMapper(MAPPER);
        McpSyncServer server = McpServer.sync(new StdioServerTransportProvider(json, input, stdout))
                .serverInfo("securer-demo-shop", SecurerMcpServer.version())
                .jsonMapper(json)
                .jsonSchemaValidator(SecurerMcpServer.NO_SCHEMA_CHECKS) // the handlers check their arguments
                .validateToolInputs(false)
                .capabilities(McpSchema.ServerCapabilities.builder().tools(false).build())
                .tools(tools())
                .build();
        boolean ended = false;
        while (!ended) {
            ended = input.await(Duration.ofMinutes(1));
        }
        server.close();
        System.exit(0);
    }

    /** The two tools with their handlers. */
    static List<SyncToolSpecification> tools() {
        return List.of(
                tool("get_orders", "The orders of one region in Q1 2025: a JSON array of {id, product, amount} "
                                + "with amounts in EUR. Regions: EU, US, APAC.",
                        properties("region", "region code: EU, US or APAC"), List.of("region"),
                        args -> orders(String.valueOf(args.get("region")))),
                tool("fx_rate", "Exchange rate: a JSON object {from, to, rate}, rate being how many units of "
                                + "currency 'to' one unit of currency 'from' buys. Currencies: EUR, USD, GBP, JPY.",
                        properties("from", "ISO code of the currency to convert from",
                                "to", "ISO code of the currency to convert to"),
                        List.of("from", "to"),
                        args -> rate(args.get("from"), args.get("to"))));
    }

    static String orders(String region) {
        List<Order> orders = ORDERS.get(region.toUpperCase(Locale.ROOT));
        if (orders == null) {
            throw new IllegalArgumentException("unknown region '" + region + "'; use EU, US or APAC");
        }
        ArrayNode out = MAPPER.createArrayNode();
        orders.forEach(o -> out.addObject().put("id", o.id()).put("product", o.product()).put("amount", o.amount()));
        return out.toString();
    }

    static String rate(Object from, Object to) {
        double rate = perEur(to) / perEur(from);
        return MAPPER.createObjectNode().put("from", String.valueOf(from)).put("to", String.valueOf(to))
                .put("rate", rate).toString();
    }

    private static double perEur(Object currency) {
        Double rate = currency == null ? null : PER_EUR.get(currency.toString().toUpperCase(Locale.ROOT));
        if (rate == null) {
            throw new IllegalArgumentException("no exchange rate for '" + currency + "'; known: EUR, USD, GBP, JPY");
        }
        return rate;
    }

    /** String properties in the order given (clients show arguments in schema order). */
    private static Map<String, Object> properties(String... namesAndDescriptions) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (int i = 0; i < namesAndDescriptions.length; i += 2) {
            out.put(namesAndDescriptions[i], Map.of("type", "string", "description", namesAndDescriptions[i + 1]));
        }
        return out;
    }

    private static SyncToolSpecification tool(String name, String description, Map<String, Object> properties,
                                              List<String> required, Function<Map<String, Object>, String> handler) {
        McpSchema.Tool tool = McpSchema.Tool.builder().name(name).description(description)
                .inputSchema(new McpSchema.JsonSchema("object", properties, required, false, null, null))
                .build();
        return SyncToolSpecification.builder().tool(tool).callHandler((exchange, request) -> {
            CallToolResult.Builder r = CallToolResult.builder();
            try {
                return r.addTextContent(handler.apply(request.arguments())).isError(false).build();
            } catch (IllegalArgumentException e) {
                return r.addTextContent(e.getMessage()).isError(true).build();
            }
        }).build();
    }
}
