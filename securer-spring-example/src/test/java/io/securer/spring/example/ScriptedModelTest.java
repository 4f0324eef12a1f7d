package io.securer.spring.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** The scripted model's replies, in OpenAI's wire format. No R, no HTTP. */
class ScriptedModelTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final ScriptedModel model = new ScriptedModel();

    private static String request(String role, String content) {
        return "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"system\",\"content\":\"be brief\"},"
                + "{\"role\":\"" + role + "\",\"content\":" + MAPPER.valueToTree(content) + "}]}";
    }

    @Test
    void aUserMessageStartingWithRColonIsSentAsRCode() throws Exception {
        JsonNode reply = MAPPER.readTree(model.reply(request("user", "  R: x <- 1; x + 1 ")));
        assertEquals("tool_calls", reply.at("/choices/0/finish_reason").asText());
        JsonNode call = reply.at("/choices/0/message/tool_calls/0");
        assertEquals("call_1", call.get("id").asText());
        assertEquals("run_r_code", call.at("/function/name").asText());
        assertEquals("{\"code\":\"x <- 1; x + 1\"}", call.at("/function/arguments").asText());
    }

    @Test
    void anyOtherUserMessageGetsTheSalesProgram() throws Exception {
        JsonNode reply = MAPPER.readTree(model.reply(request("user", "How did we do in Europe?")));
        JsonNode args = MAPPER.readTree(reply.at("/choices/0/message/tool_calls/0/function/arguments").asText());
        assertEquals(ScriptedModel.SALES_PROGRAM, args.get("code").asText());
    }

    @Test
    void aToolResultIsAnsweredWithWhatRPrinted() throws Exception {
        JsonNode reply = MAPPER.readTree(model.reply(request("tool", "[1] 2")));
        assertEquals("stop", reply.at("/choices/0/finish_reason").asText());
        assertEquals("R printed:\n[1] 2", reply.at("/choices/0/message/content").asText());
    }

    @Test
    void aRequestWithoutMessagesIsRefused() {
        assertEquals("the request has no messages",
                assertThrows(IllegalArgumentException.class, () -> model.reply("{\"messages\":[]}")).getMessage());
    }
}
