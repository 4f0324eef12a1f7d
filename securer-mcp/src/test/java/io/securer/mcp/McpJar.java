package io.securer.mcp;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.langchain4j.mcp.client.DefaultMcpClient;
import dev.langchain4j.mcp.client.McpClient;
import dev.langchain4j.mcp.client.McpClientListener;
import dev.langchain4j.mcp.client.transport.stdio.StdioMcpTransport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The runnable jar the ITs start as a separate process, exactly as users do. Failsafe runs after
 * {@code package}, so {@code target/securer-mcp.jar} exists; a missing jar is a loud failure.
 */
final class McpJar {
    static final Path JAR = Path.of("target", "securer-mcp.jar").toAbsolutePath();

    private McpJar() {
    }

    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** {@code java -jar securer-mcp.jar args...}. */
    static List<String> server(String... args) {
        assertTrue(Files.isRegularFile(JAR), JAR + " is missing: run mvn package (or verify) first");
        List<String> command = new ArrayList<>(List.of(java(), "-jar", JAR.toString()));
        command.addAll(List.of(args));
        return command;
    }

    /** The demo MCP server with get_orders and fx_rate, from the same jar. */
    static List<String> demoShop() {
        assertTrue(Files.isRegularFile(JAR), JAR + " is missing: run mvn package (or verify) first");
        return List.of(java(), "-cp", JAR.toString(), DemoShopServer.class.getName());
    }

    /** LangChain4j's MCP client over stdio, launching {@code command}. The caller closes it. */
    static McpClient stdioClient(List<String> command, McpClientListener... listeners) {
        return DefaultMcpClient.builder()
                .key("test")
                .transport(StdioMcpTransport.builder().command(command).build())
                .initializationTimeout(Duration.ofSeconds(30))
                .toolExecutionTimeout(Duration.ofSeconds(60))
                .autoHealthCheck(false)
                .addListeners(List.of(listeners))
                .build();
    }
}
