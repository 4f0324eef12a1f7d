package io.securer.langchain4j;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Chat-completions replies of an OpenAI-compatible server, as WireMock serves them to the real
 * client. In the test jar: the MCP module's AiServices tests use it too.
 */
public final class OpenAiReplies {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private OpenAiReplies() {
    }

    /** The model calls run_r_code with {@code code}. */
    public static String toolCall(String id, String code) {
        ObjectNode r = envelope("tool_calls");
        ObjectNode message = (ObjectNode) r.at("/choices/0/message");
        message.putNull("content");
        message.putArray("tool_calls").addObject().put("id", id).put("type", "function")
                .putObject("function").put("name", RCodeTool.NAME)
                .put("arguments", MAPPER.createObjectNode().put("code", code).toString());
        return r.toString();
    }

    /** The model answers with {@code text}. */
    public static String text(String text) {
        ObjectNode r = envelope("stop");
        ((ObjectNode) r.at("/choices/0/message")).put("content", text);
        return r.toString();
    }

    private static ObjectNode envelope(String finishReason) {
        ObjectNode r = MAPPER.createObjectNode().put("id", "chatcmpl-1").put("object", "chat.completion")
                .put("created", 1_700_000_000).put("model", "gpt-4o-mini");
        ObjectNode choice = r.putArray("choices").addObject().put("index", 0).put("finish_reason", finishReason);
        choice.putObject("message").put("role", "assistant");
        r.putObject("usage").put("prompt_tokens", 10).put("completion_tokens", 5).put("total_tokens", 15);
        return r;
    }
}
