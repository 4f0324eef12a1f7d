package io.securer.spring.example;

import dev.langchain4j.memory.chat.MessageWindowChatMemory;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.service.AiServices;
import io.securer.ArgType;
import io.securer.SecurerTool;
import io.securer.langchain4j.RCodeToolProvider;
import java.time.Duration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The assistant and what it needs: the chat model (the scripted one unless
 * {@code example.model.scripted=false}), a host function for R, and {@code AiServices} wired to
 * the starter's {@link RCodeToolProvider}.
 */
@Configuration(proxyBeanMethods = false)
public class ChatConfiguration {

    /** The offline model, on a loopback port; stopped with the context. */
    @Bean
    @ConditionalOnProperty(name = "example.model.scripted", havingValue = "true", matchIfMissing = true)
    public ScriptedModelServer scriptedModelServer() {
        return ScriptedModelServer.start();
    }

    /**
     * OpenAI's chat model client, talking to the scripted server, or with
     * {@code example.model.scripted=false} to {@code example.model.base-url} (default OpenAI) with
     * {@code example.model.api-key} (default: the {@code OPENAI_API_KEY} environment variable).
     */
    @Bean
    public ChatModel chatModel(ObjectProvider<ScriptedModelServer> scripted,
                               @Value("${example.model.base-url:}") String baseUrl,
                               @Value("${example.model.api-key:${OPENAI_API_KEY:}}") String apiKey,
                               @Value("${example.model.name:" + ScriptedModel.MODEL + "}") String name) {
        OpenAiChatModel.OpenAiChatModelBuilder b = OpenAiChatModel.builder().modelName(name).temperature(0.0)
                .timeout(Duration.ofSeconds(120));
        ScriptedModelServer server = scripted.getIfAvailable();
        if (server != null) {
            return b.baseUrl(server.baseUrl()).apiKey("offline-example").build();
        }
        if (!baseUrl.isBlank()) {
            b.baseUrl(baseUrl);
        }
        return b.apiKey(apiKey).build();
    }

    /** A host function as a {@link SecurerTool} bean: the starter gives it to every R session. */
    @Bean
    public SecurerTool fxRate() {
        return SecurerTool.builder("fx_rate").description("Exchange rate from one currency to another")
                .arg("from", ArgType.CHARACTER).arg("to", ArgType.CHARACTER)
                .handler(args -> "EUR".equals(args.getString("from")) && "USD".equals(args.getString("to")) ? 1.08 : 1.0)
                .build();
    }

    /** The assistant: one chat memory per chat id, and run_r_code as its tool. */
    @Bean
    public Assistant assistant(ChatModel chatModel, RCodeToolProvider rCode) {
        return AiServices.builder(Assistant.class)
                .chatModel(chatModel)
                .chatMemoryProvider(chatId -> MessageWindowChatMemory.builder().id(chatId).maxMessages(20).build())
                .toolProvider(rCode)
                .build();
    }
}
