package io.securer.examples;

import dev.langchain4j.mcp.McpToolProvider;
import dev.langchain4j.mcp.client.DefaultMcpClient;
import dev.langchain4j.mcp.client.McpClient;
import dev.langchain4j.mcp.client.transport.stdio.StdioMcpTransport;
import io.securer.SandboxMode;
import io.securer.SecureSession;
import io.securer.SecurerTool;
import io.securer.langchain4j.RCodeTool;
import io.securer.langchain4j.SecurerTools;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Code mode over MCP: the tools of an MCP server become R functions, and the model answers with one
 * R program that calls two of them several times, instead of one model round trip per tool call.
 * The MCP server is a real process speaking stdio (securer-mcp's demo shop: {@code get_orders} and
 * {@code fx_rate}), reached through LangChain4j's own MCP client and {@code McpToolProvider}; the
 * agent is the real {@code AiServices}. Offline by default (recorded OpenAI-format replies, checked
 * against what R really computes); {@code OPENAI_API_KEY} switches to OpenAI. Not thread-safe;
 * each run starts and stops its own MCP server and R session.
 */
public final class McpCodeModeDemo {
    /** The demo MCP server's main class, in securer-mcp (on this module's runtime classpath). */
    static final String SHOP_SERVER = "io.securer.mcp.DemoShopServer";
    static final List<ScriptedExchange> SCRIPT = List.of(
            new ScriptedExchange("What were our Q1 2025 orders worth per region, in US dollars?",
                    """
                    rate <- fx_rate(from = "EUR", to = "USD")$rate
                    regions <- c("EU", "US", "APAC")
                    totals <- vapply(regions, function(r) sum(get_orders(region = r)$amount), numeric(1))
                    data.frame(region = regions, orders_eur = totals, orders_usd = round(totals * rate, 2),
                               row.names = NULL)""",
                    "  region orders_eur orders_usd\n"
                            + "1     EU       3500       3780\n"
                            + "2     US       6000       6480\n"
                            + "3   APAC       1000       1080",
                    "Q1 2025 orders in USD: US $6,480, EU $3,780, APAC $1,080 "
                            + "(EUR 6,000, 3,500 and 1,000 at 1.08 USD per EUR)."));

    private McpCodeModeDemo() {
    }

    /** The command that starts the demo MCP server with this JVM and its classpath. */
    static List<String> shopServerCommand() {
        return List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), SHOP_SERVER);
    }

    /** Runs the demo with the model {@code env} selects; returns what it printed to {@code out}. */
    public static Transcript run(Map<String, String> env, Consumer<String> out) {
        try (ModelChoice model = ModelChoice.openAi(env, SCRIPT)) {
            return run(model, out);
        }
    }

    /** LangChain4j's MCP client, starting the demo MCP server as a process that speaks stdio. */
    static McpClient startShop() {
        return DefaultMcpClient.builder()
                .key("shop")
                .transport(StdioMcpTransport.builder().command(shopServerCommand()).build())
                .build();
    }

    /** Every tool of the MCP server behind {@code client}, as an R function that calls it on the host. */
    static List<SecurerTool> mcpTools(McpClient client) {
        McpToolProvider provider = McpToolProvider.builder().mcpClients(client).build();
        return SecurerTools.from(provider);
    }

    static Transcript run(ModelChoice model, Consumer<String> out) {
        Transcript t = new Transcript(out);
        t.line("== securer demo: code mode over the tools of an MCP server");
        t.line("model: " + model.label());
        try (McpClient shop = startShop()) {
            List<SecurerTool> tools = TracedTools.wrap(mcpTools(shop), t);
            try (SecureSession session = SecureSession.builder().sandbox(true).sanitizeErrors(true).tools(tools)
                    .build();
                 RCodeTool rCode = RCodeTool.builder().session(session).timeout(Duration.ofSeconds(30)).build()) {
                SandboxMode mode = session.sandboxMode();
                t.line("sandbox: " + mode.label() + (mode == SandboxMode.NONE
                        ? " (WARNING: R runs WITHOUT an OS sandbox; see docs/troubleshooting.md)" : ""));
                t.line("MCP server '" + shop.key() + "' (" + SHOP_SERVER + ", stdio); its tools as R functions: "
                        + tools.stream().map(SecurerTool::signature).collect(Collectors.joining(", ")));
                DemoRunner.converse(model, rCode, SCRIPT, t);
            }
        } catch (Exception e) {
            if (e instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException("could not stop the demo MCP server", e);
        }
        return t;
    }

    public static void main(String[] args) {
        run(System.getenv(), System.out::println);
    }
}
