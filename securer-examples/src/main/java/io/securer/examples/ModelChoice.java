package io.securer.examples;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.ollama.OllamaChatModel;
import dev.langchain4j.model.openai.OpenAiChatModel;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The chat model a demo talks to, chosen from environment variables: a real provider when its
 * variables are set, otherwise the recorded script on a {@link ScriptedModelServer}. The
 * environment is passed in (not read from {@link System#getenv()}) so tests decide.
 * Owns the scripted server, if any; {@link #close()} stops it.
 *
 * @param model  the model AiServices uses
 * @param label  one line for the transcript saying which model this is
 * @param script the recorded exchanges when offline (checked against R's results), else null
 * @param server the scripted server when offline, else null
 */
public record ModelChoice(ChatModel model, String label, List<ScriptedExchange> script, ScriptedModelServer server)
        implements AutoCloseable {
    private static final Duration HTTP_TIMEOUT = Duration.ofSeconds(120);

    public ModelChoice {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(label, "label");
    }

    /** True when the replies come from the recorded script. */
    public boolean offline() {
        return script != null;
    }

    /**
     * OpenAI when {@code OPENAI_API_KEY} is set (model {@code OPENAI_MODEL}, default gpt-4o-mini;
     * optional {@code OPENAI_BASE_URL} for compatible servers), else the scripted OpenAI server.
     */
    public static ModelChoice openAi(Map<String, String> env, List<ScriptedExchange> script) {
        String key = blankToNull(env.get("OPENAI_API_KEY"));
        if (key != null) {
            String model = orDefault(env.get("OPENAI_MODEL"), "gpt-4o-mini");
            String baseUrl = blankToNull(env.get("OPENAI_BASE_URL"));
            OpenAiChatModel.OpenAiChatModelBuilder b = OpenAiChatModel.builder().apiKey(key).modelName(model)
                    .temperature(0.0).timeout(HTTP_TIMEOUT);
            if (baseUrl != null) {
                b.baseUrl(baseUrl);
            }
            return new ModelChoice(b.build(), "OpenAI " + model + (baseUrl == null ? "" : " at " + baseUrl)
                    + " (live; replies vary)", null, null);
        }
        ScriptedModelServer server = ScriptedModelServer.openAi(script);
        try {
            ChatModel model = OpenAiChatModel.builder().baseUrl(server.baseUrl()).apiKey("offline-demo")
                    .modelName(ScriptedModelServer.OPENAI_MODEL).timeout(HTTP_TIMEOUT).build();
            return new ModelChoice(model, "scripted OpenAI-format replies from a local server (offline; "
                    + "set OPENAI_API_KEY to use OpenAI)", script, server);
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
    }

    /**
     * Ollama at {@code OLLAMA_BASE_URL} (model {@code OLLAMA_MODEL}, default llama3.1) when set,
     * else the scripted Ollama server.
     */
    public static ModelChoice ollama(Map<String, String> env, List<ScriptedExchange> script) {
        String baseUrl = blankToNull(env.get("OLLAMA_BASE_URL"));
        if (baseUrl != null) {
            String model = orDefault(env.get("OLLAMA_MODEL"), "llama3.1");
            return new ModelChoice(OllamaChatModel.builder().baseUrl(baseUrl).modelName(model).temperature(0.0)
                    .timeout(HTTP_TIMEOUT).build(), "Ollama " + model + " at " + baseUrl + " (live; replies vary)",
                    null, null);
        }
        ScriptedModelServer server = ScriptedModelServer.ollama(script);
        try {
            ChatModel model = OllamaChatModel.builder().baseUrl(server.baseUrl())
                    .modelName(ScriptedModelServer.OLLAMA_MODEL).timeout(HTTP_TIMEOUT).build();
            return new ModelChoice(model, "scripted Ollama-format replies from a local server (offline; "
                    + "set OLLAMA_BASE_URL to use Ollama)", script, server);
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
    }

    @Override
    public void close() {
        if (server != null) {
            server.close();
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    private static String orDefault(String s, String dflt) {
        String v = blankToNull(s);
        return v == null ? dflt : v;
    }
}
