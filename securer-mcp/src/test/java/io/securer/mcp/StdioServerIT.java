package io.securer.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.exception.ToolExecutionException;
import dev.langchain4j.mcp.client.McpClient;
import dev.langchain4j.model.chat.request.json.JsonStringSchema;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code java -jar securer-mcp.jar} over stdio, driven by LangChain4j's own MCP client
 * ({@code DefaultMcpClient} + {@code StdioMcpTransport}): one process, one MCP session, one R
 * session.
 */
class StdioServerIT {
    private static final RecordingListener RESULTS = new RecordingListener();
    private static McpClient client;

    @BeforeAll
    static void start() {
        client = McpJar.stdioClient(McpJar.server(), RESULTS);
    }

    @AfterAll
    static void stop() throws Exception {
        List<ProcessHandle> started = Processes.descendants();
        if (client != null) {
            client.close();
        }
        Processes.awaitExit(started, Duration.ofSeconds(15));
    }

    static String run(String code) {
        return client.executeTool(ToolExecutionRequest.builder().id("t").name("run_r_code")
                .arguments("{\"code\": " + com.fasterxml.jackson.databind.node.TextNode.valueOf(code) + "}")
                .build()).resultText();
    }

    @Test
    void offersRunRCodeWithOneRequiredStringArgument() {
        List<ToolSpecification> tools = client.listTools();

        assertEquals(List.of("run_r_code"), tools.stream().map(ToolSpecification::name).toList());
        ToolSpecification t = tools.get(0);
        assertEquals(List.of("code"), t.parameters().required());
        assertEquals(JsonStringSchema.class, t.parameters().properties().get("code").getClass());
        assertTrue(t.description().startsWith("Runs R code in a persistent sandboxed R session"), t.description());
        assertTrue(t.description().endsWith("Each call may run for at most 30 s. No host functions are available; "
                + "use base R."), t.description());
    }

    @Test
    void variablesPersistFromCallToCallInOneMcpSession() {
        assertEquals("(no output; the last value was invisible)", run("counter <- 41"));
        assertEquals("[1] 42", run("counter + 1"));
        assertEquals(false, RESULTS.lastResult().get("isError"));
    }

    @Test
    void anRErrorIsAToolResultWithIsErrorAndTheSessionGoesOn() {
        ToolExecutionException e = assertThrows(ToolExecutionException.class,
                () -> run("kept <- 1\nstop(\"no such region\")"));

        assertEquals("Error: no such region", e.getMessage());
        assertEquals(true, RESULTS.lastResult().get("isError"));
        assertEquals("Error: no such region", RESULTS.lastText());
        assertEquals("[1] 1", run("kept"));
    }

    @Test
    void aSyntaxErrorRunsNothingAndComesBackAsAnError() {
        ToolExecutionException e = assertThrows(ToolExecutionException.class, () -> run("untouched <- 1; sum(1:3"));

        assertTrue(e.getMessage().startsWith("R syntax error: "), e.getMessage());
        assertTrue(e.getMessage().endsWith("\nNothing was run; fix the code and try again."), e.getMessage());
        assertEquals(true, RESULTS.lastResult().get("isError"));
        assertEquals("[1] FALSE", run("exists(\"untouched\")"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void aPlotComesBackAsPngImageContentAfterTheText() {
        run("plot(1:10)");
        List<java.util.Map<String, Object>> content =
                (List<java.util.Map<String, Object>>) RESULTS.lastResult().get("content");
        assertEquals(2, content.size(), content.toString());
        assertEquals("text", content.get(0).get("type"));
        String text = (String) content.get(0).get("text");
        assertTrue(text.endsWith("\n[plot 1: image/png 800x600, attached as image content]"), text);
        assertEquals("image", content.get(1).get("type"));
        assertEquals("image/png", content.get(1).get("mimeType"));
        byte[] png = java.util.Base64.getDecoder().decode((String) content.get(1).get("data"));
        assertEquals("\u0089PNG", new String(png, 0, 4, java.nio.charset.StandardCharsets.ISO_8859_1));
    }

    @Test
    void aCallWithoutCodeIsAnErrorResultNotAProtocolError() {
        ToolExecutionException e = assertThrows(ToolExecutionException.class, () -> client.executeTool(
                ToolExecutionRequest.builder().id("t").name("run_r_code").arguments("{}").build()));

        assertEquals("No R code was given: pass the R code to run as \"code\".", e.getMessage());
        assertEquals(true, RESULTS.lastResult().get("isError"));
    }
}
