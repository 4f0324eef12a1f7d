package io.securer.mcp;

import dev.langchain4j.mcp.client.McpCallContext;
import dev.langchain4j.mcp.client.McpClientListener;
import dev.langchain4j.service.tool.ToolExecutionResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Keeps the raw JSON-RPC result of every tools/call a LangChain4j MCP client made. Thread-safe. */
final class RecordingListener implements McpClientListener {
    private final List<Map<String, Object>> results = new ArrayList<>();

    @Override
    public synchronized void afterExecuteTool(McpCallContext context, ToolExecutionResult result,
                                              Map<String, Object> rawResult) {
        results.add(rawResult);
    }

    /** The {@code result} object of the latest tools/call response. */
    @SuppressWarnings("unchecked")
    synchronized Map<String, Object> lastResult() {
        return (Map<String, Object>) results.get(results.size() - 1).get("result");
    }

    /** The text of the latest result's only content item. */
    @SuppressWarnings("unchecked")
    synchronized String lastText() {
        List<Map<String, Object>> content = (List<Map<String, Object>>) lastResult().get("content");
        if (content.size() != 1 || !"text".equals(content.get(0).get("type"))) {
            throw new AssertionError("expected one text content, got " + content);
        }
        return (String) content.get(0).get("text");
    }
}
