package io.securer.langchain4j;

import static io.securer.langchain4j.ScriptedChat.lastMessage;
import static io.securer.langchain4j.ScriptedChat.requestBodies;
import static io.securer.langchain4j.ScriptedChat.stub;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import dev.langchain4j.agent.tool.P;
import dev.langchain4j.agent.tool.Tool;
import dev.langchain4j.memory.chat.MessageWindowChatMemory;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.ollama.OllamaChatModel;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.service.AiServices;
import dev.langchain4j.service.MemoryId;
import dev.langchain4j.service.UserMessage;
import io.securer.SecureSession;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The real AiServices with the real OpenAI and Ollama chat models, against WireMock stubs of their
 * HTTP APIs, and real R behind run_r_code. Asserts R really ran: the tool message the model gets
 * back holds R's result.
 */
class AiServicesIT {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String SALES_CODE = "s <- get_sales(region = \"EU\")\nsum(s$amount)";

    static class Sales {
        record Sale(String month, int amount) {
        }

        @Tool("Sales by region")
        List<Sale> get_sales(@P("region") String region) {
            return List.of(new Sale("Jan", 100), new Sale("Feb", 150));
        }
    }

    interface Analyst {
        String chat(String message);
    }

    interface ChatAnalyst {
        String chat(@MemoryId String chatId, @UserMessage String message);
    }

    private WireMockServer wiremock;
    private RCodeTool rCodeTool;

    @BeforeEach
    void start() {
        wiremock = new WireMockServer(WireMockConfiguration.options().dynamicPort());
        wiremock.start();
        rCodeTool = RCodeTool.builder()
                .tools(SecurerTools.fromObjects(new Sales()))
                .timeout(Duration.ofSeconds(1))
                .build();
    }

    @AfterEach
    void stop() {
        rCodeTool.close();
        wiremock.stop();
    }

    @Test
    void openAiModelRunsRThroughTheAnnotatedTool() throws Exception {
        stubOpenAi(OpenAiReplies.toolCall("call_1", SALES_CODE), OpenAiReplies.text("EU sales total 250."));
        Analyst analyst = AiServices.builder(Analyst.class).chatModel(openAi()).tools(rCodeTool).build();

        assertEquals("EU sales total 250.", analyst.chat("What are total EU sales?"));

        List<JsonNode> bodies = requestBodies(wiremock, "/v1/chat/completions");
        assertEquals(2, bodies.size());
        assertEquals("run_r_code", bodies.get(0).at("/tools/0/function/name").asText());
        JsonNode toolMessage = lastMessage(bodies.get(1));
        assertEquals("tool", toolMessage.get("role").asText());
        assertEquals("call_1", toolMessage.get("tool_call_id").asText());
        assertEquals("[1] 250", toolMessage.get("content").asText());
    }

    @Test
    void openAiModelSeesHostFunctionsThroughTheToolProvider() throws Exception {
        stubOpenAi(OpenAiReplies.toolCall("call_1", SALES_CODE), OpenAiReplies.text("250"));
        Analyst analyst = AiServices.builder(Analyst.class).chatModel(openAi())
                .toolProvider(new RCodeToolProvider(rCodeTool)).build();

        assertEquals("250", analyst.chat("Total EU sales?"));

        List<JsonNode> bodies = requestBodies(wiremock, "/v1/chat/completions");
        String description = bodies.get(0).at("/tools/0/function/description").asText();
        assertEquals(rCodeTool.description(), description);
        assertTrue(description.contains("\n- get_sales(region: character): Sales by region"), description);
        assertEquals("[1] 250", lastMessage(bodies.get(1)).get("content").asText());
    }

    @Test
    void errorsReachTheModelAsToolMessagesAndTheNextCallWorks() throws Exception {
        stubOpenAi(OpenAiReplies.toolCall("c1", "log(\"a\")"), OpenAiReplies.toolCall("c2", "Sys.sleep(10)"),
                OpenAiReplies.toolCall("c3", "sum(1:3"), OpenAiReplies.toolCall("c4", "1 + 1"), OpenAiReplies.text("recovered"));
        Analyst analyst = AiServices.builder(Analyst.class).chatModel(openAi())
                .tools(java.util.Map.of(rCodeTool.toolSpecification(), rCodeTool.executor())).build();

        assertEquals("recovered", analyst.chat("Try some things"));

        List<JsonNode> bodies = requestBodies(wiremock, "/v1/chat/completions");
        assertEquals(5, bodies.size());
        assertEquals("Error in log(\"a\") : non-numeric argument to mathematical function",
                lastMessage(bodies.get(1)).get("content").asText());
        assertEquals("Timed out after 1 s; R was interrupted and variables are kept. Make the code faster or "
                + "work on less data.", lastMessage(bodies.get(2)).get("content").asText());
        String syntax = lastMessage(bodies.get(3)).get("content").asText();
        assertTrue(syntax.startsWith("R syntax error: "), syntax);
        assertEquals("[1] 2", lastMessage(bodies.get(4)).get("content").asText());
    }

    @Test
    void eachChatMemoryIdHasItsOwnRSession() throws Exception {
        try (RCodeTool perChat = RCodeTool.builder()
                .sessionPerMemoryId(SecureSession.builder().sandbox(true))
                .build()) {
            stubOpenAi(OpenAiReplies.toolCall("a1", "x <- 'alice'; x"), OpenAiReplies.text("set a"),
                    OpenAiReplies.toolCall("b1", "x"), OpenAiReplies.text("checked b"),
                    OpenAiReplies.toolCall("a2", "x"), OpenAiReplies.text("checked a"));
            ChatAnalyst analyst = AiServices.builder(ChatAnalyst.class).chatModel(openAi())
                    .chatMemoryProvider(id -> MessageWindowChatMemory.withMaxMessages(20))
                    .toolProvider(new RCodeToolProvider(perChat)).build();

            assertEquals("set a", analyst.chat("alice", "set x"));
            assertEquals("checked b", analyst.chat("bob", "show x"));
            assertEquals("checked a", analyst.chat("alice", "show x"));

            List<JsonNode> bodies = requestBodies(wiremock, "/v1/chat/completions");
            assertEquals("[1] \"alice\"", lastMessage(bodies.get(1)).get("content").asText());
            assertEquals("Error: object 'x' not found", lastMessage(bodies.get(3)).get("content").asText());
            assertEquals("[1] \"alice\"", lastMessage(bodies.get(5)).get("content").asText());
        }
    }

    @Test
    void ollamaModelRunsRThroughTheTool() throws Exception {
        ObjectNode call = MAPPER.createObjectNode();
        call.put("model", "llama3.1").put("created_at", "2025-01-01T00:00:00Z").put("done", true)
                .put("done_reason", "stop").put("prompt_eval_count", 10).put("eval_count", 5);
        ObjectNode message = call.putObject("message").put("role", "assistant").put("content", "");
        message.putArray("tool_calls").addObject().putObject("function").put("name", "run_r_code")
                .putObject("arguments").put("code", SALES_CODE);
        ObjectNode answer = call.deepCopy();
        answer.set("message", MAPPER.createObjectNode().put("role", "assistant").put("content", "EU: 250"));
        stub(wiremock, "/api/chat", call.toString(), answer.toString());

        ChatModel ollama = OllamaChatModel.builder().baseUrl("http://localhost:" + wiremock.port())
                .modelName("llama3.1").timeout(Duration.ofSeconds(30)).build();
        Analyst analyst = AiServices.builder(Analyst.class).chatModel(ollama)
                .toolProvider(new RCodeToolProvider(rCodeTool)).build();

        assertEquals("EU: 250", analyst.chat("Total EU sales?"));

        List<JsonNode> bodies = requestBodies(wiremock, "/api/chat");
        assertEquals(2, bodies.size());
        assertEquals(false, bodies.get(0).get("stream").asBoolean());
        JsonNode toolMessage = lastMessage(bodies.get(1));
        assertEquals("tool", toolMessage.get("role").asText());
        assertEquals("[1] 250", toolMessage.get("content").asText());
    }

    private ChatModel openAi() {
        return OpenAiChatModel.builder().baseUrl("http://localhost:" + wiremock.port() + "/v1")
                .apiKey("sk-test").modelName("gpt-4o-mini").timeout(Duration.ofSeconds(30)).build();
    }

    private void stubOpenAi(String... responses) {
        stub(wiremock, "/v1/chat/completions", responses);
    }


}
