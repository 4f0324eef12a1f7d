package io.securer.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.langchain4j.model.ollama.OllamaChatModel;
import dev.langchain4j.model.openai.OpenAiChatModel;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which model the demos pick from the environment; nothing here sends a request. */
class ModelChoiceTest {

    @Test
    void offlineUnlessTheProvidersVariablesAreSet() {
        try (ModelChoice m = ModelChoice.openAi(Map.of("OPENAI_API_KEY", "  "), OpenAiAgentDemo.SCRIPT)) {
            assertTrue(m.offline());
            assertTrue(m.model() instanceof OpenAiChatModel);
            assertTrue(m.server().baseUrl().matches("http://127\\.0\\.0\\.1:\\d+/v1"), m.server().baseUrl());
        }
        try (ModelChoice m = ModelChoice.ollama(Map.of(), OllamaAgentDemo.SCRIPT)) {
            assertTrue(m.offline());
            assertTrue(m.model() instanceof OllamaChatModel);
        }
    }

    @Test
    void openAiKeySelectsOpenAiWithTheDefaultModel() {
        try (ModelChoice m = ModelChoice.openAi(Map.of("OPENAI_API_KEY", "sk-x"), OpenAiAgentDemo.SCRIPT)) {
            assertFalse(m.offline());
            assertNull(m.server());
            assertEquals("OpenAI gpt-4o-mini (live; replies vary)", m.label());
        }
        try (ModelChoice m = ModelChoice.openAi(Map.of("OPENAI_API_KEY", "sk-x", "OPENAI_MODEL", "gpt-4.1"),
                OpenAiAgentDemo.SCRIPT)) {
            assertEquals("OpenAI gpt-4.1 (live; replies vary)", m.label());
        }
    }

    @Test
    void ollamaBaseUrlSelectsOllamaWithTheDefaultModel() {
        try (ModelChoice m = ModelChoice.ollama(Map.of("OLLAMA_BASE_URL", "http://localhost:11434"),
                OllamaAgentDemo.SCRIPT)) {
            assertFalse(m.offline());
            assertEquals("Ollama llama3.1 at http://localhost:11434 (live; replies vary)", m.label());
        }
    }
}
