package io.securer.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.exception.ToolExecutionException;
import dev.langchain4j.mcp.client.McpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Code mode over MCP: the jar started with a config naming another MCP server (the demo shop, a
 * real process speaking stdio) gives R its tools as functions, so one run_r_code calls several.
 */
class UpstreamCodeModeIT {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final RecordingListener RESULTS = new RecordingListener();
    @TempDir
    static Path dir;
    private static McpClient client;

    @BeforeAll
    static void start() throws Exception {
        ObjectNode config = MAPPER.createObjectNode();
        ObjectNode shop = config.putObject("mcpServers").putObject("shop");
        List<String> command = McpJar.demoShop();
        shop.put("command", command.get(0));
        command.subList(1, command.size()).forEach(shop.withArray("args")::add);
        Path file = Files.writeString(dir.resolve("mcp.json"), config.toPrettyString());
        client = McpJar.stdioClient(McpJar.server("--config", file.toString()), RESULTS);
    }

    @AfterAll
    static void stop() throws Exception {
        List<ProcessHandle> started = Processes.descendants();
        if (client != null) {
            client.close();
        }
        Processes.awaitExit(started, Duration.ofSeconds(15)); // the shop server too
    }

    private static String run(String code) {
        return client.executeTool(ToolExecutionRequest.builder().id("t").name("run_r_code")
                .arguments("{\"code\": " + TextNode.valueOf(code) + "}").build()).resultText();
    }

    @Test
    void theDescriptionListsTheUpstreamToolsAsRFunctions() {
        String description = client.listTools().get(0).description();

        assertTrue(description.contains("\n- get_orders(region: character): The orders of one region in Q1 2025: "
                + "a JSON array of {id, product, amount} with amounts in EUR. Regions: EU, US, APAC. "
                + "(region: region code: EU, US or APAC)"), description);
        assertTrue(description.contains("\n- fx_rate(from: character, to: character): Exchange rate: a JSON object "
                + "{from, to, rate}, rate being how many units of currency 'to' one unit of currency 'from' buys."),
                description);
    }

    @Test
    void oneRProgramCallsBothToolsOfTheUpstreamServer() {
        String printed = run("""
                rate <- fx_rate(from = "EUR", to = "USD")$rate
                totals <- sapply(c("EU", "US", "APAC"), function(r) sum(get_orders(region = r)$amount))
                round(totals * rate, 2)""");

        assertEquals("""
                  EU   US APAC\s
                3780 6480 1080""", printed, "as R prints it; the text's trailing blanks are trimmed");
        assertEquals("[1] \"data.frame\"", run("class(get_orders(region = \"APAC\"))"),
                "a JSON array of records arrives as a data frame");
    }

    @Test
    void anUpstreamToolErrorIsAnRErrorAndSoAnIsErrorResult() {
        ToolExecutionException e = assertThrows(ToolExecutionException.class,
                () -> run("get_orders(region = \"MARS\")"));

        assertEquals("Error: tool 'get_orders' failed: unknown region 'MARS'; use EU, US or APAC", e.getMessage());
        assertEquals(true, RESULTS.lastResult().get("isError"));
        assertEquals("[1] \"caught: tool 'get_orders' failed: unknown region 'MARS'; use EU, US or APAC\"",
                run("tryCatch(get_orders(region = \"MARS\"), error = function(e) paste(\"caught:\", conditionMessage(e)))"));
    }

    @Test
    void anUpstreamServerThatCannotStartStopsTheJarWithItsName() throws Exception {
        Path bad = Files.writeString(dir.resolve("bad.json"),
                "{\"mcpServers\": {\"broken\": {\"command\": \"/nonexistent/mcp-server\"}}}");
        try (ServerProcess s = new ServerProcess(McpJar.server("--config", bad.toString()), Map.of())) {
            assertEquals(1, s.awaitExit(Duration.ofSeconds(60)));
            assertTrue(s.stderr().contains("securer-mcp could not start: MCP server 'broken' (command "
                    + "[/nonexistent/mcp-server]) could not be started or did not answer initialize: "), s.stderr());
        }
    }
}
