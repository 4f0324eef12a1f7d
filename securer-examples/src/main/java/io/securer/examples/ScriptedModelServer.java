package io.securer.examples;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.common.Slf4jNotifier;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import java.util.ArrayList;
import java.util.List;

/**
 * An in-process HTTP server (WireMock, on a free localhost port) that plays recorded model turns
 * in the wire format of OpenAI's {@code /v1/chat/completions} or Ollama's {@code /api/chat}. The
 * real {@code OpenAiChatModel}/{@code OllamaChatModel} talk to it, so everything between the
 * model's HTTP reply and the final answer — AiServices, the tool call, R in the sandbox, the host
 * tools — is the real code path. For each {@link ScriptedExchange} it answers the first request
 * with a {@code run_r_code} call and the second with the recorded text.
 *
 * <p>Replies are played in order regardless of what is sent; the demo checks R's result against
 * the script instead. Owns the server; {@link #close()} stops it (idempotent). Thread-safe.
 */
public final class ScriptedModelServer implements AutoCloseable {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** Model name the recorded replies claim; the demo's chat model asks for it too. */
    public static final String OPENAI_MODEL = "gpt-4o-mini";
    public static final String OLLAMA_MODEL = "llama3.1";

    private final WireMockServer server;
    private final String baseUrl;

    private ScriptedModelServer(String path, List<String> replies, String basePath) {
        server = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort()
                .notifier(new Slf4jNotifier(false)));
        server.start();
        baseUrl = "http://127.0.0.1:" + server.port() + basePath;
        for (int i = 0; i < replies.size(); i++) {
            server.stubFor(post(urlEqualTo(path)).inScenario("script")
                    .whenScenarioStateIs(i == 0 ? Scenario.STARTED : "turn-" + i)
                    .willSetStateTo("turn-" + (i + 1))
                    .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                            .withBody(replies.get(i))));
        }
        // Past the end of the script: say so instead of WireMock's 404 page.
        server.stubFor(post(urlEqualTo(path)).inScenario("script").whenScenarioStateIs("turn-" + replies.size())
                .willReturn(aResponse().withStatus(500).withBody("the recorded script has no more turns")));
    }

    /** Plays {@code exchanges} as OpenAI chat completions; point the model's baseUrl at {@link #baseUrl()}. */
    public static ScriptedModelServer openAi(List<ScriptedExchange> exchanges) {
        List<String> replies = new ArrayList<>();
        int call = 0;
        for (ScriptedExchange e : exchanges) {
            replies.add(openAiToolCall("call_" + (++call), e.code()));
            replies.add(openAiText(e.answer()));
        }
        return new ScriptedModelServer("/v1/chat/completions", replies, "/v1");
    }

    /** Plays {@code exchanges} as Ollama chat replies; point the model's baseUrl at {@link #baseUrl()}. */
    public static ScriptedModelServer ollama(List<ScriptedExchange> exchanges) {
        List<String> replies = new ArrayList<>();
        for (ScriptedExchange e : exchanges) {
            ObjectNode call = ollamaEnvelope();
            ObjectNode message = call.putObject("message").put("role", "assistant").put("content", "");
            message.putArray("tool_calls").addObject().putObject("function").put("name", "run_r_code")
                    .putObject("arguments").put("code", e.code());
            replies.add(call.toString());
            ObjectNode answer = ollamaEnvelope();
            answer.putObject("message").put("role", "assistant").put("content", e.answer());
            replies.add(answer.toString());
        }
        return new ScriptedModelServer("/api/chat", replies, "");
    }

    /** e.g. {@code http://127.0.0.1:41234/v1} (OpenAI) or {@code http://127.0.0.1:41234} (Ollama). */
    public String baseUrl() {
        return baseUrl;
    }

    /** How many chat requests the model has sent so far. */
    public int requestCount() {
        return server.getAllServeEvents().size();
    }

    @Override
    public void close() {
        if (server.isRunning()) {
            server.stop();
        }
    }

    private static String openAiToolCall(String id, String code) {
        ObjectNode r = openAiEnvelope("tool_calls");
        ObjectNode message = (ObjectNode) r.at("/choices/0/message");
        message.putNull("content");
        message.putArray("tool_calls").addObject().put("id", id).put("type", "function")
                .putObject("function").put("name", "run_r_code")
                .put("arguments", MAPPER.createObjectNode().put("code", code).toString());
        return r.toString();
    }

    private static String openAiText(String text) {
        ObjectNode r = openAiEnvelope("stop");
        ((ObjectNode) r.at("/choices/0/message")).put("content", text);
        return r.toString();
    }

    private static ObjectNode openAiEnvelope(String finishReason) {
        ObjectNode r = MAPPER.createObjectNode().put("id", "chatcmpl-scripted").put("object", "chat.completion")
                .put("created", 1_735_689_600).put("model", OPENAI_MODEL);
        ObjectNode choice = r.putArray("choices").addObject().put("index", 0).put("finish_reason", finishReason);
        choice.putObject("message").put("role", "assistant");
        r.putObject("usage").put("prompt_tokens", 0).put("completion_tokens", 0).put("total_tokens", 0);
        return r;
    }

    private static ObjectNode ollamaEnvelope() {
        return MAPPER.createObjectNode().put("model", OLLAMA_MODEL).put("created_at", "2025-01-01T00:00:00Z")
                .put("done", true).put("done_reason", "stop").put("prompt_eval_count", 0).put("eval_count", 0);
    }
}
