package io.securer.mcp;

import static io.securer.langchain4j.ScriptedChat.lastMessage;
import static io.securer.langchain4j.ScriptedChat.requestBodies;
import static io.securer.langchain4j.ScriptedChat.stub;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import dev.langchain4j.mcp.McpToolProvider;
import dev.langchain4j.mcp.client.McpClient;
import dev.langchain4j.memory.chat.MessageWindowChatMemory;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.service.AiServices;
import dev.langchain4j.service.MemoryId;
import dev.langchain4j.service.UserMessage;
import io.securer.SecureSession;
import io.securer.SecurerTool;
import io.securer.langchain4j.OpenAiReplies;
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
                stub(wiremock, "/v1/chat/completions", OpenAiReplies.toolCall("call_1", CODE), OpenAiReplies.text("EU orders are worth GBP 2,975."));
                Analyst analyst = AiServices.builder(Analyst.class)
                        .chatModel(OpenAiChatModel.builder().baseUrl("http://127.0.0.1:" + wiremock.port() + "/v1")
                                .apiKey("sk-test").modelName("gpt-4o-mini").timeout(Duration.ofSeconds(60)).build())
                        .chatMemoryProvider(id -> MessageWindowChatMemory.withMaxMessages(20))
                        .toolProvider(new RCodeToolProvider(rCode))
                        .build();

                assertEquals("EU orders are worth GBP 2,975.", analyst.chat("chat-7", "EU orders in GBP?"));

                List<JsonNode> bodies = requestBodies(wiremock, "/v1/chat/completions");
                assertEquals(2, bodies.size());
                String description = bodies.get(0).at("/tools/0/function/description").asText();
                assertTrue(description.contains("\n- get_orders(region: character): The orders of one region"),
                        description);
                JsonNode toolMessage = lastMessage(bodies.get(1));
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



}
