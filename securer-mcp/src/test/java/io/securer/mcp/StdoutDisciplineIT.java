package io.securer.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The raw stdio protocol, without a client library in between: every line the jar writes to stdout
 * is a JSON-RPC message, even when R prints to stdout and stderr, warns, and runs a shell command;
 * logs go to stderr; closing stdin stops the server and everything it started.
 */
class StdoutDisciplineIT {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String NOISY_CODE = """
            cat("cat to stdout\\n")
            print("print to stdout")
            message("message to stderr")
            cat("cat to stderr\\n", file = stderr())
            system("echo from a shell; echo shell stderr >&2")
            warning("a warning")
            writeLines("writeLines to stdout")
            invisible(7)""";

    @Test
    void stdoutCarriesOnlyJsonRpcWhateverRPrints() throws Exception {
        ServerProcess server = new ServerProcess(McpJar.server(), Map.of());
        try (server) {
            OutputStream stdin = server.process().getOutputStream();
            BufferedReader stdout = new BufferedReader(new InputStreamReader(server.process().getInputStream(),
                    StandardCharsets.UTF_8));
            List<String> lines = new ArrayList<>();

            send(stdin, request(1, "initialize").set("params", MAPPER.readTree("""
                    {"protocolVersion": "2025-06-18", "capabilities": {}, "clientInfo": {"name": "raw", "version": "1"}}""")));
            lines.add(stdout.readLine());
            send(stdin, MAPPER.createObjectNode().put("jsonrpc", "2.0").put("method", "notifications/initialized"));
            ObjectNode call = request(2, "tools/call");
            call.putObject("params").put("name", "run_r_code").putObject("arguments").put("code", NOISY_CODE);
            send(stdin, call);
            lines.add(stdout.readLine());
            List<ProcessHandle> started = server.process().descendants().toList();
            assertEquals(1, Processes.rProcesses(server.process().toHandle()).size(), Processes.describe(started));
            stdin.close();
            for (String line = stdout.readLine(); line != null; line = stdout.readLine()) {
                lines.add(line);
            }

            assertEquals(0, server.awaitExit(Duration.ofSeconds(15)), "closing stdin stops the server normally");
            Processes.awaitExit(started, Duration.ofSeconds(15));
            for (String line : lines) {
                JsonNode message = MAPPER.readTree(line);
                assertEquals("2.0", message.path("jsonrpc").asText(), "not JSON-RPC on stdout: " + line);
            }
            assertEquals(2, lines.size(), "one response per request, nothing else: " + lines);
            JsonNode result = MAPPER.readTree(lines.get(1)).get("result");
            assertEquals(false, result.get("isError").asBoolean());
            assertEquals("""
                    cat to stdout
                    [1] "print to stdout"
                    message to stderr
                    cat to stderr
                    from a shell
                    shell stderr
                    Warning message:
                    a warning\s
                    writeLines to stdout""", result.at("/content/0/text").asText(), "as at the console");
            assertTrue(server.stderr().contains("securer-mcp ready on stdio"), server.stderr());
        }
    }

    private static ObjectNode request(int id, String method) {
        return MAPPER.createObjectNode().put("jsonrpc", "2.0").put("id", id).put("method", method);
    }

    private static void send(OutputStream stdin, JsonNode message) throws Exception {
        stdin.write((MAPPER.writeValueAsString(message) + "\n").getBytes(StandardCharsets.UTF_8));
        stdin.flush();
    }
}
