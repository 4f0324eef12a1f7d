package io.securer.spring.example;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The offline stand-in for a chat model: answers OpenAI chat completion requests from a fixed
 * script, so the example runs without a network or an API key. It is not clever, and says so:
 * <ul>
 *   <li>a user message starting with {@code R:} makes it call {@code run_r_code} with the rest
 *       of the message as the code;</li>
 *   <li>any other user message makes it call {@code run_r_code} with {@link #SALES_PROGRAM}, which
 *       uses the host functions {@code sales} and {@code fx_rate};</li>
 *   <li>after a tool result it answers {@code "R printed:"} and the result.</li>
 * </ul>
 * Everything around it is real: {@code OpenAiChatModel} over HTTP, {@code AiServices}, the
 * starter's tool, R in the sandbox and the host tools. Stateless apart from a call counter;
 * thread-safe.
 */
public final class ScriptedModel {
    /** The model name the replies claim. */
    public static final String MODEL = "gpt-4o-mini";
    /** The R program the model sends for questions that are not R code. */
    public static final String SALES_PROGRAM = """
            s <- sales(region = "EU")
            eur <- sum(s$amount)
            usd <- eur * fx_rate(from = "EUR", to = "USD")
            cat(sprintf("EU sales %s to %s: %.2f EUR (%.2f USD)", min(s$month), max(s$month), eur, usd))""";
    /** What the answer after a tool result starts with. */
    public static final String ANSWER_PREFIX = "R printed:\n";

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final AtomicLong calls = new AtomicLong();

    /**
     * The reply to one {@code /v1/chat/completions} request body.
     *
     * @throws IOException              when the body is not JSON
     * @throws IllegalArgumentException when it has no messages
     */
    public String reply(String requestBody) throws IOException {
        JsonNode messages = MAPPER.readTree(requestBody).path("messages");
        if (!messages.isArray() || messages.isEmpty()) {
            throw new IllegalArgumentException("the request has no messages");
        }
        JsonNode last = messages.get(messages.size() - 1);
        if ("tool".equals(last.path("role").asText())) {
            return text(ANSWER_PREFIX + last.path("content").asText());
        }
        return toolCall("call_" + calls.incrementAndGet(), codeFor(last.path("content").asText()));
    }

    /** The R code the model sends for a user message. */
    static String codeFor(String userMessage) {
        String m = userMessage.strip();
        return m.startsWith("R:") ? m.substring(2).strip() : SALES_PROGRAM;
    }

    private static String toolCall(String id, String code) {
        ObjectNode r = envelope("tool_calls");
        ObjectNode message = (ObjectNode) r.at("/choices/0/message");
        message.putNull("content");
        message.putArray("tool_calls").addObject().put("id", id).put("type", "function")
                .putObject("function").put("name", "run_r_code")
                .put("arguments", MAPPER.createObjectNode().put("code", code).toString());
        return r.toString();
    }

    private static String text(String content) {
        ObjectNode r = envelope("stop");
        ((ObjectNode) r.at("/choices/0/message")).put("content", content);
        return r.toString();
    }

    private static ObjectNode envelope(String finishReason) {
        ObjectNode r = MAPPER.createObjectNode().put("id", "chatcmpl-scripted").put("object", "chat.completion")
                .put("created", 1_735_689_600).put("model", MODEL);
        ObjectNode choice = r.putArray("choices").addObject().put("index", 0).put("finish_reason", finishReason);
        choice.putObject("message").put("role", "assistant");
        r.putObject("usage").put("prompt_tokens", 0).put("completion_tokens", 0).put("total_tokens", 0);
        return r;
    }
}
