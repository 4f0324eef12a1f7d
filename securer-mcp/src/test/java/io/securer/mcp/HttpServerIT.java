package io.securer.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.TextNode;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.exception.ToolExecutionException;
import dev.langchain4j.mcp.client.DefaultMcpClient;
import dev.langchain4j.mcp.client.McpClient;
import dev.langchain4j.mcp.client.transport.http.StreamableHttpMcpTransport;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code java -jar securer-mcp.jar --http 0} with a bearer token, driven by LangChain4j's MCP client
 * over streamable HTTP: several MCP sessions in one server, each with its own R session.
 * {@code --spares 0} keeps the count of R processes exact.
 */
class HttpServerIT {
    private static final String TOKEN = "test-token-7f3a";
    private static final Pattern LISTENING = Pattern.compile("securer-mcp: listening on (http://127\\.0\\.0\\.1:\\d+/mcp)");
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final List<McpClient> CLIENTS = new ArrayList<>();
    private static ServerProcess server;
    private static String url;

    @BeforeAll
    static void start() throws Exception {
        server = new ServerProcess(McpJar.server("--http", "0", "--spares", "0"),
                Map.of(SecurerMcpMain.TOKEN_ENV, TOKEN));
        Matcher m = LISTENING.matcher(server.awaitStderr(l -> LISTENING.matcher(l).matches(), Duration.ofSeconds(30)));
        assertTrue(m.matches());
        url = m.group(1);
    }

    @AfterAll
    static void stop() throws Exception {
        for (McpClient c : CLIENTS) {
            c.close();
        }
        if (server != null) {
            server.close(); // SIGTERM; fails if the server or any R session outlives it
        }
    }

    private static StreamableHttpMcpTransport transport() {
        return StreamableHttpMcpTransport.builder().url(url).customHeaders(Map.of("Authorization", "Bearer " + TOKEN))
                .timeout(Duration.ofSeconds(60)).build();
    }

    private static McpClient client(StreamableHttpMcpTransport transport) {
        McpClient c = DefaultMcpClient.builder().key("http-test").transport(transport)
                .autoHealthCheck(false).toolExecutionTimeout(Duration.ofSeconds(60)).build();
        CLIENTS.add(c);
        return c;
    }

    private static String run(McpClient client, String code) {
        return client.executeTool(ToolExecutionRequest.builder().id("t").name("run_r_code")
                .arguments("{\"code\": " + TextNode.valueOf(code) + "}").build()).resultText();
    }

    @Test
    void eachMcpSessionHasItsOwnRSessionThatKeepsItsVariables() {
        McpClient alice = client(transport());
        McpClient bob = client(transport());

        assertEquals("(no output; the last value was invisible)", run(alice, "owner <- \"alice\""));
        assertEquals("[1] FALSE", run(bob, "exists(\"owner\")"));
        run(bob, "owner <- \"bob\"");
        assertEquals("[1] \"alice\"", run(alice, "owner"));
        assertEquals("[1] \"bob\"", run(bob, "owner"));
    }

    @Test
    void anRErrorIsAToolResultWithIsError() {
        RecordingListener results = new RecordingListener();
        McpClient c = DefaultMcpClient.builder().key("http-errors").transport(transport()).autoHealthCheck(false)
                .addListener(results).build();
        CLIENTS.add(c);

        ToolExecutionException e = assertThrows(ToolExecutionException.class, () -> run(c, "log(-1:-2, base = \"e\")"));

        assertEquals("Error in log(-1:-2, base = \"e\"): non-numeric argument to mathematical function", e.getMessage());
        assertEquals(true, results.lastResult().get("isError"));
    }

    @Test
    void endingAnMcpSessionClosesItsRSessionAndNoOther() throws Exception {
        McpClient other = client(transport());
        run(other, "1");
        StreamableHttpMcpTransport transport = transport();
        McpClient leaving = client(transport);
        Set<ProcessHandle> before = new HashSet<>(Processes.rProcesses(server.process().toHandle()));
        run(leaving, "2");
        Set<ProcessHandle> after = new HashSet<>(Processes.rProcesses(server.process().toHandle()));
        after.removeAll(before);
        assertEquals(1, after.size(), "the leaving session's own R process");

        HttpResponse<String> deleted = HTTP.send(HttpRequest.newBuilder(URI.create(url)).DELETE()
                .header("Authorization", "Bearer " + TOKEN)
                .header("Mcp-Session-Id", transport.getMcpSessionId()).build(), HttpResponse.BodyHandlers.ofString());

        assertEquals(200, deleted.statusCode());
        Processes.awaitExit(List.copyOf(after), Duration.ofSeconds(15));
        assertTrue(before.stream().allMatch(ProcessHandle::isAlive), "other sessions' R processes live on");
        assertEquals("[1] 3", run(other, "1 + 2"));
    }

    @Test
    void requestsWithoutTheTokenAreRefused() throws Exception {
        String initialize = """
                {"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"protocolVersion": "2025-06-18",
                 "capabilities": {}, "clientInfo": {"name": "anonymous", "version": "1"}}}""";
        for (String authorization : new String[] {null, "Bearer wrong", "Bearer " + TOKEN + "x"}) {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url))
                    .header("Content-Type", "application/json")
                    .header("Accept", "application/json, text/event-stream")
                    .POST(HttpRequest.BodyPublishers.ofString(initialize));
            if (authorization != null) {
                b.header("Authorization", authorization);
            }
            HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(401, r.statusCode(), String.valueOf(authorization));
            assertEquals("Bearer", r.headers().firstValue("WWW-Authenticate").orElse(null));
        }
    }
}
