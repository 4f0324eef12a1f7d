package io.securer.langchain4j;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.util.ArrayList;
import java.util.List;

/**
 * A model server scripted in WireMock for the real LangChain4j clients: the i-th request to a
 * path gets the i-th reply, and the requests can be read back. In the test jar: the MCP
 * module's AiServices tests use it too.
 */
public final class ScriptedChat {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private ScriptedChat() {
    }

    /** Answers the i-th request to {@code path} with {@code responses[i]}, via scenario states. */
    public static void stub(WireMockServer wiremock, String path, String... responses) {
        for (int i = 0; i < responses.length; i++) {
            wiremock.stubFor(post(urlEqualTo(path)).inScenario("chat")
                    .whenScenarioStateIs(i == 0 ? Scenario.STARTED : "step" + i)
                    .willSetStateTo("step" + (i + 1))
                    .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                            .withBody(responses[i])));
        }
    }

    /** The JSON bodies the client posted to {@code path}, in order. */
    public static List<JsonNode> requestBodies(WireMockServer wiremock, String path) {
        List<JsonNode> out = new ArrayList<>();
        for (LoggedRequest r : wiremock.findAll(postRequestedFor(urlEqualTo(path)))) {
            try {
                out.add(MAPPER.readTree(r.getBodyAsString()));
            } catch (JsonProcessingException e) {
                throw new AssertionError("request body is not JSON: " + r.getBodyAsString(), e);
            }
        }
        return out;
    }

    /** The last of a request's {@code messages}. */
    public static JsonNode lastMessage(JsonNode body) {
        ArrayNode messages = (ArrayNode) body.get("messages");
        return messages.get(messages.size() - 1);
    }
}
