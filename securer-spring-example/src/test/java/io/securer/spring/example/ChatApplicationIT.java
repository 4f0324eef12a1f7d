package io.securer.spring.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The example service as a client sees it: HTTP on a loopback port, the scripted model driving
 * the real OpenAI client and AiServices, R in the sandbox, the host tools, Actuator.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ChatApplicationIT {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private ConfigurableApplicationContext shared;

    /** Without a warm spare session, so that R processes can be counted exactly (one per chat). */
    private static ConfigurableApplicationContext start() {
        return new SpringApplicationBuilder(ChatApplication.class).run("--server.port=0", "--spring.main.banner-mode=off",
                "--securer.sessions.warm=0");
    }

    private static String base(ConfigurableApplicationContext context) {
        return "http://127.0.0.1:" + ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    private HttpResponse<String> post(ConfigurableApplicationContext context, String chatId, String message)
            throws Exception {
        String body = MAPPER.createObjectNode().put("chatId", chatId).put("message", message).toString();
        return http.send(HttpRequest.newBuilder(URI.create(base(context) + "/chat"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private String answer(ConfigurableApplicationContext context, String chatId, String message) throws Exception {
        HttpResponse<String> r = post(context, chatId, message);
        assertEquals(200, r.statusCode(), r.body());
        JsonNode reply = MAPPER.readTree(r.body());
        assertEquals(chatId, reply.get("chatId").asText());
        return reply.get("answer").asText();
    }

    private JsonNode get(ConfigurableApplicationContext context, String path) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base(context) + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return MAPPER.readTree(r.body());
    }

    private static List<ProcessHandle> rProcesses() {
        return ProcessHandle.current().descendants()
                .filter(h -> h.info().command().map(c -> c.endsWith("/exec/R")).orElse(false)).toList();
    }

    @BeforeAll
    void startService() {
        shared = start();
    }

    @AfterAll
    void stopService() {
        shared.close();
    }

    @Test
    void aQuestionIsAnsweredByAnRProgramThatCallsTheHostTools() throws Exception {
        assertEquals("R printed:\nEU sales 2025-01 to 2025-03: 3540.50 EUR (3823.74 USD)",
                answer(shared, "alice", "How much did we sell in the EU this quarter?"));
    }

    @Test
    void eachChatKeepsItsOwnRVariables() throws Exception {
        assertEquals("R printed:\n[1] 42", answer(shared, "carol", "R: x <- 21; x * 2"));
        assertEquals("R printed:\n[1] FALSE", answer(shared, "dave", "R: exists('x')"));
        assertEquals("R printed:\n[1] 21", answer(shared, "carol", "R: x"));
        assertEquals("R printed:\n[1] FALSE", answer(shared, "carol", "R: file.exists('/etc/passwd')"));
    }

    @Test
    void aMessageWithoutAChatIdIsABadRequest() throws Exception {
        assertEquals(400, post(shared, "", "R: 1").statusCode());
    }

    @Test
    void healthAndMetricsReportTheRSessionsAndStoppingTheServiceEndsThem() throws Exception {
        List<ProcessHandle> before = rProcesses();
        List<ProcessHandle> started = new ArrayList<>();
        try (ConfigurableApplicationContext context = start()) {
            answer(context, "erin", "What were EU sales?");
            rProcesses().stream().filter(p -> !before.contains(p)).forEach(started::add);
            assertEquals(1, started.size());

            JsonNode securer = get(context, "/actuator/health").at("/components/securer");
            assertEquals("UP", securer.get("status").asText());
            assertEquals(new TreeMap<>(Map.of("sandbox", "bubblewrap", "sandboxRequested", "true", "strict", "true",
                            "liveSessions", "1", "unsandboxedSessions", "0", "maxSessions", "8")),
                    textFields(securer.get("details")));
            JsonNode execute = get(context, "/actuator/metrics/securer.execute?tag=securer.error.kind:none");
            // two executions: run_r_code's description asks R once which packages are installed, then the chat's code
            assertEquals(2.0, execute.at("/measurements/0/value").asDouble());
            assertEquals("COUNT", execute.at("/measurements/0/statistic").asText());
            JsonNode toolCalls = get(context, "/actuator/metrics/securer.tool.call");
            assertEquals(2.0, toolCalls.at("/measurements/0/value").asDouble());
            assertEquals("[\"fx_rate\",\"sales\"]", sortedTagValues(toolCalls, "securer.tool.name"));
        }
        for (ProcessHandle p : started) {
            p.onExit().get(10, TimeUnit.SECONDS);
            assertFalse(p.isAlive());
        }
        assertEquals(List.of(), rProcesses().stream().filter(p -> !before.contains(p)).toList());
    }

    private static Map<String, String> textFields(JsonNode object) {
        Map<String, String> m = new TreeMap<>();
        object.fields().forEachRemaining(e -> m.put(e.getKey(), e.getValue().asText()));
        return m;
    }

    private static String sortedTagValues(JsonNode metric, String tag) {
        for (JsonNode t : metric.get("availableTags")) {
            if (t.get("tag").asText().equals(tag)) {
                List<String> values = new ArrayList<>();
                t.get("values").forEach(v -> values.add(v.asText()));
                values.sort(null);
                return MAPPER.valueToTree(values).toString();
            }
        }
        return null;
    }
}
