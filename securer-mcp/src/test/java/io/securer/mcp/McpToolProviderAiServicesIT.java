package io.securer.mcp;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.langchain4j.mcp.McpToolProvider;
import dev.langchain4j.mcp.client.McpClient;
import dev.langchain4j.memory.chat.MessageWindowChatMemory;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.service.AiServices;
import dev.langchain4j.service.MemoryId;
import dev.langchain4j.service.UserMessage;
import io.securer.SecureSession;
import io.securer.SecurerTool;
import io.securer.langchain4j.RCodeTool;
import io.securer.langchain4j.RCodeToolProvider;
import io.securer.langchain4j.SecurerTools;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code SecurerTools.from(McpToolProvider)} inside the real AiServices with the real
 * OpenAiChatModel against a WireMock stub of {@code /v1/chat/completions}: the model sends one R
 * program, the program calls two tools of a real MCP server process, and the model gets R's result.
 */
class McpToolProviderAiServicesIT {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String CODE = """
            rate <- fx_rate(from = "EUR", to = "GBP")$rate
            eu <- get_orders(region = "EU")
            round(sum(eu$amount) * rate, 2)""";

    interface Analyst {
        String chat(@MemoryId String chatId, @UserMessage String question);
    }

    @Test
    void rCodeCallsTwoToolsOfAnMcpServerWithTheChatsMemoryId() throws Exception {
        List<Object> memoryIds = Collections.synchronizedList(new ArrayList<>());
        List<ProcessHandle> started;
        WireMockServer wiremock = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1")
                .dynamicPort());
        wiremock.start();
        try (McpClient shop = McpJar.stdioClient(McpJar.demoShop())) {
            McpToolProvider provider = McpToolProvider.builder()
                    .mcpClients(shop)
                    .toolWrapper(executor -> (request, memoryId) -> {
                        memoryIds.add(memoryId);
                        return executor.execute(request, memoryId);
                    })
                    .build();
            List<SecurerTool> tools = SecurerTools.from(provider);
            assertEquals(List.of("get_orders(region: character)", "fx_rate(from: character, to: character)"),
                    tools.stream().map(SecurerTool::signature).toList());

            try (RCodeTool rCode = RCodeTool.builder().tools(tools)
                    .sessionPerMemoryId(SecureSession.builder().sandbox(true)).build()) {
                stub(wiremock, toolCall("call_1", CODE), text("EU orders are worth GBP 2,975."));
                Analyst analyst = AiServices.builder(Analyst.class)
                        .chatModel(OpenAiChatModel.builder().baseUrl("http://127.0.0.1:" + wiremock.port() + "/v1")
                                .apiKey("sk-test").modelName("gpt-4o-mini").timeout(Duration.ofSeconds(60)).build())
                        .chatMemoryProvider(id -> MessageWindowChatMemory.withMaxMessages(20))
                        .toolProvider(new RCodeToolProvider(rCode))
                        .build();

                assertEquals("EU orders are worth GBP 2,975.", analyst.chat("chat-7", "EU orders in GBP?"));

                List<JsonNode> bodies = requestBodies(wiremock);
                assertEquals(2, bodies.size());
                String description = bodies.get(0).at("/tools/0/function/description").asText();
                assertTrue(description.contains("\n- get_orders(region: character): The orders of one region"),
                        description);
                JsonNode toolMessage = last(bodies.get(1));
                assertEquals("tool", toolMessage.get("role").asText());
                assertEquals("[1] 2975", toolMessage.get("content").asText());
                assertEquals(List.of("chat-7", "chat-7"), memoryIds);
                started = Processes.descendants();
            }
        } finally {
            wiremock.stop();
        }
        Processes.awaitExit(started, Duration.ofSeconds(15));
    }

    private static void stub(WireMockServer wiremock, String... responses) {
        for (int i = 0; i < responses.length; i++) {
            wiremock.stubFor(post(urlEqualTo("/v1/chat/completions")).inScenario("chat")
                    .whenScenarioStateIs(i == 0 ? Scenario.STARTED : "step" + i)
                    .willSetStateTo("step" + (i + 1))
                    .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                            .withBody(responses[i])));
        }
    }

    private static List<JsonNode> requestBodies(WireMockServer wiremock) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (LoggedRequest r : wiremock.findAll(postRequestedFor(urlEqualTo("/v1/chat/completions")))) {
            out.add(MAPPER.readTree(r.getBodyAsString()));
        }
        return out;
    }

    private static JsonNode last(JsonNode body) {
        ArrayNode messages = (ArrayNode) body.get("messages");
        return messages.get(messages.size() - 1);
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
        ObjectNode r = MAPPER.createObjectNode().put("id", "chatcmpl-1").put("object", "chat.completion")
                .put("created", 1_700_000_000).put("model", "gpt-4o-mini");
        r.putArray("choices").addObject().put("index", 0).put("finish_reason", finishReason)
                .putObject("message").put("role", "assistant");
        r.putObject("usage").put("prompt_tokens", 10).put("completion_tokens", 5).put("total_tokens", 15);
        return r;
    }
}
