package io.securer.examples.docs;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.mcp.client.DefaultMcpClient;
import dev.langchain4j.mcp.client.McpClient;
import dev.langchain4j.mcp.client.transport.stdio.StdioMcpTransport;
import java.util.List;

/**
 * The Java code of docs/mcp.md: LangChain4j's MCP client talking to securer-mcp (the doc quotes
 * these lines; McpExamplesIT runs them). Code mode over another MCP server's tools is
 * {@code McpCodeModeDemo}.
 */
public final class McpExamples {
    private McpExamples() {
    }

    /**
     * A LangChain4j MCP client for securer-mcp started as a process, e.g. with
     * {@code List.of("java", "-jar", "securer-mcp.jar")}. The caller closes it, which stops the server.
     */
    public static McpClient securerMcp(List<String> command) {
        return DefaultMcpClient.builder()
                .key("securer-r")
                .transport(StdioMcpTransport.builder().command(command).build())
                .build();
    }

    /** Runs R code in the client's R session and returns what R printed. */
    public static String runR(McpClient securer, String code) {
        String arguments = JsonNodeFactory.instance.objectNode().put("code", code).toString();
        return securer.executeTool(ToolExecutionRequest.builder().name("run_r_code").arguments(arguments).build())
                .resultText(); // an R error throws ToolExecutionException with R's message
    }
}
