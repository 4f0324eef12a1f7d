package io.securer.langchain4j;

import static io.securer.langchain4j.ScriptedChat.lastMessage;
import static io.securer.langchain4j.ScriptedChat.requestBodies;
import static io.securer.langchain4j.ScriptedChat.stub;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import dev.langchain4j.exception.UnsupportedFeatureException;
import dev.langchain4j.memory.ChatMemory;
import dev.langchain4j.memory.chat.MessageWindowChatMemory;
import dev.langchain4j.model.anthropic.AnthropicChatModel;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.openai.OpenAiResponsesChatModel;
import dev.langchain4j.service.AiServices;
import dev.langchain4j.service.MemoryId;
import dev.langchain4j.service.UserMessage;
import io.securer.Plot;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Plots through the real AiServices and chat models against WireMock stubs of their APIs, with
 * real R behind run_r_code: Anthropic's Messages API and OpenAI's Responses API get the PNG inside
 * the tool result, OpenAI's Chat Completions gets the text (the default), and refuses images in a
 * tool message.
 */
class PlotsAiServicesIT {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String PLOT_CODE = "plot(1:10, main = 'ten'); 'drawn'";

    interface Analyst {
        String chat(@MemoryId String chatId, @UserMessage String message);
    }

    record Received(Object memoryId, Plot plot) {
    }

    private static final List<Received> RECEIVED = new CopyOnWriteArrayList<>();
    private static RCodeTool textOnly;
    private static RCodeTool withImages;
    private WireMockServer wiremock;

    @BeforeAll
    static void tools() {
        PlotListener listener = (memoryId, plot) -> RECEIVED.add(new Received(memoryId, plot));
        textOnly = RCodeTool.builder().plotListener(listener).build();
        withImages = RCodeTool.builder().plotListener(listener).imagesToModel(true).build();
    }

    @AfterAll
    static void closeTools() {
        textOnly.close();
        withImages.close();
    }

    @BeforeEach
    void start() {
        RECEIVED.clear();
        wiremock = new WireMockServer(WireMockConfiguration.options().dynamicPort());
        wiremock.start();
    }

    @AfterEach
    void stop() {
        wiremock.stop();
    }

    @Test
    void anthropicGetsThePngInTheToolResult() throws Exception {
        stub(wiremock, "/v1/messages", anthropicToolUse("toolu_1", PLOT_CODE), anthropicText("A rising line."));
        ChatModel claude = AnthropicChatModel.builder().baseUrl("http://localhost:" + wiremock.port() + "/v1/")
                .apiKey("sk-ant-test").modelName("claude-sonnet-4-5").timeout(Duration.ofSeconds(30)).build();
        Analyst analyst = AiServices.builder(Analyst.class).chatModel(claude).chatMemoryProvider(PlotsAiServicesIT::memory)
                .toolProvider(new RCodeToolProvider(withImages)).build();

        assertEquals("A rising line.", analyst.chat("chat-a", "Plot 1 to 10 and describe it"));

        List<JsonNode> bodies = requestBodies(wiremock, "/v1/messages");
        assertEquals(2, bodies.size());
        JsonNode toolResult = lastMessage(bodies.get(1)).at("/content/0");
        assertEquals("tool_result", toolResult.get("type").asText());
        assertEquals("toolu_1", toolResult.get("tool_use_id").asText());
        JsonNode content = toolResult.get("content");
        assertEquals(2, content.size(), content.toString());
        assertEquals("text", content.at("/0/type").asText());
        assertEquals("[1] \"drawn\"\nplot 1: 800×600 PNG, shown to the user; the image is attached",
                content.at("/0/text").asText());
        assertEquals("image", content.at("/1/type").asText());
        assertEquals("base64", content.at("/1/source/type").asText());
        assertEquals("image/png", content.at("/1/source/media_type").asText());
        byte[] png = Base64.getDecoder().decode(content.at("/1/source/data").asText());
        Png.assertPng(png, 800, 600);

        assertEquals(1, RECEIVED.size());
        assertEquals("chat-a", RECEIVED.get(0).memoryId());
        assertTrue(java.util.Arrays.equals(RECEIVED.get(0).plot().data(), png), "the model saw what the user saw");
    }

    @Test
    void openAiResponsesGetsThePngInTheFunctionCallOutput() throws Exception {
        stub(wiremock, "/v1/responses", responsesFunctionCall("call_1", PLOT_CODE), responsesText("A rising line."));
        ChatModel responses = OpenAiResponsesChatModel.builder().baseUrl("http://localhost:" + wiremock.port() + "/v1")
                .apiKey("sk-test").modelName("gpt-5-mini").build();
        Analyst analyst = AiServices.builder(Analyst.class).chatModel(responses)
                .chatMemoryProvider(PlotsAiServicesIT::memory).toolProvider(new RCodeToolProvider(withImages)).build();

        assertEquals("A rising line.", analyst.chat("chat-r", "Plot 1 to 10 and describe it"));

        List<JsonNode> bodies = requestBodies(wiremock, "/v1/responses");
        assertEquals(2, bodies.size());
        ArrayNode input = (ArrayNode) bodies.get(1).get("input");
        JsonNode output = input.get(input.size() - 1);
        assertEquals("function_call_output", output.get("type").asText());
        assertEquals("call_1", output.get("call_id").asText());
        assertEquals("input_text", output.at("/output/0/type").asText());
        assertEquals("[1] \"drawn\"\nplot 1: 800×600 PNG, shown to the user; the image is attached",
                output.at("/output/0/text").asText());
        assertEquals("input_image", output.at("/output/1/type").asText());
        assertEquals("high", output.at("/output/1/detail").asText());
        String url = output.at("/output/1/image_url").asText();
        assertTrue(url.startsWith("data:image/png;base64,"), url);
        Png.assertPng(Base64.getDecoder().decode(url.substring(url.indexOf(',') + 1)), 800, 600);
        assertEquals("chat-r", RECEIVED.get(0).memoryId());
    }

    @Test
    void openAiChatCompletionsGetsTheTextByDefault() throws Exception {
        stub(wiremock, "/v1/chat/completions", OpenAiReplies.toolCall("call_1", PLOT_CODE), OpenAiReplies.text("Done: one chart."));
        Analyst analyst = AiServices.builder(Analyst.class).chatModel(openAi())
                .chatMemoryProvider(PlotsAiServicesIT::memory).toolProvider(new RCodeToolProvider(textOnly)).build();

        assertEquals("Done: one chart.", analyst.chat("chat-o", "Plot 1 to 10"));

        List<JsonNode> bodies = requestBodies(wiremock, "/v1/chat/completions");
        JsonNode toolMessage = lastMessage(bodies.get(1));
        assertEquals("tool", toolMessage.get("role").asText());
        assertEquals("[1] \"drawn\"\nplot 1: 800×600 PNG, shown to the user", toolMessage.get("content").asText());
        assertTrue(bodies.get(0).at("/tools/0/function/description").asText()
                .contains("are shown to the user as images; you cannot see them"));
        assertEquals(1, RECEIVED.size());
        assertEquals("chat-o", RECEIVED.get(0).memoryId());
        Png.assertPng(RECEIVED.get(0).plot().data(), 800, 600);
    }

    @Test
    void openAiChatCompletionsRefusesImagesInToolResults() {
        stub(wiremock, "/v1/chat/completions", OpenAiReplies.toolCall("call_1", PLOT_CODE), OpenAiReplies.text("unreachable"));
        Analyst analyst = AiServices.builder(Analyst.class).chatModel(openAi())
                .chatMemoryProvider(PlotsAiServicesIT::memory).toolProvider(new RCodeToolProvider(withImages)).build();

        UnsupportedFeatureException e = assertThrows(UnsupportedFeatureException.class,
                () -> analyst.chat("chat-x", "Plot 1 to 10"));
        assertEquals("OpenAI Chat Completions API does not support non-text content in tool results. Only text "
                + "content is supported.", e.getMessage());
        assertEquals(1, requestBodies(wiremock, "/v1/chat/completions").size(), "the tool result never left the JVM");
        assertEquals(1, RECEIVED.size(), "the user still got the plot");
    }

    private static ChatMemory memory(Object memoryId) {
        return MessageWindowChatMemory.builder().id(memoryId).maxMessages(20).build();
    }

    private ChatModel openAi() {
        return OpenAiChatModel.builder().baseUrl("http://localhost:" + wiremock.port() + "/v1")
                .apiKey("sk-test").modelName("gpt-4o-mini").timeout(Duration.ofSeconds(30)).build();
    }



    private static String anthropicToolUse(String id, String code) {
        ObjectNode r = anthropicEnvelope("tool_use");
        r.putArray("content").addObject().put("type", "tool_use").put("id", id).put("name", RCodeTool.NAME)
                .putObject("input").put("code", code);
        return r.toString();
    }

    private static String anthropicText(String text) {
        ObjectNode r = anthropicEnvelope("end_turn");
        r.putArray("content").addObject().put("type", "text").put("text", text);
        return r.toString();
    }

    private static ObjectNode anthropicEnvelope(String stopReason) {
        ObjectNode r = MAPPER.createObjectNode().put("id", "msg_1").put("type", "message").put("role", "assistant")
                .put("model", "claude-sonnet-4-5").put("stop_reason", stopReason).putNull("stop_sequence");
        r.putObject("usage").put("input_tokens", 10).put("output_tokens", 5);
        return r;
    }

    private static String responsesFunctionCall(String callId, String code) {
        ObjectNode r = responsesEnvelope();
        r.putArray("output").addObject().put("type", "function_call").put("id", "fc_1").put("call_id", callId)
                .put("name", RCodeTool.NAME).put("status", "completed")
                .put("arguments", MAPPER.createObjectNode().put("code", code).toString());
        return r.toString();
    }

    private static String responsesText(String text) {
        ObjectNode r = responsesEnvelope();
        ObjectNode message = r.putArray("output").addObject().put("type", "message").put("id", "msg_1")
                .put("role", "assistant").put("status", "completed");
        message.putArray("content").addObject().put("type", "output_text").put("text", text).putArray("annotations");
        return r.toString();
    }

    private static ObjectNode responsesEnvelope() {
        ObjectNode r = MAPPER.createObjectNode().put("id", "resp_1").put("object", "response").put("status", "completed")
                .put("model", "gpt-5-mini").put("created_at", 1_700_000_000);
        r.putObject("usage").put("input_tokens", 10).put("output_tokens", 5).put("total_tokens", 15);
        return r;
    }
}
