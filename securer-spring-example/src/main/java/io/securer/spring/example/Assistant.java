package io.securer.spring.example;

import dev.langchain4j.service.MemoryId;
import dev.langchain4j.service.SystemMessage;
import dev.langchain4j.service.UserMessage;

/** The chat assistant, implemented by LangChain4j's {@code AiServices}; one memory per chat id. */
public interface Assistant {

    /** Answers {@code message} in the conversation {@code chatId}. */
    @SystemMessage("You are a data analyst. Use the run_r_code tool to compute answers in R; "
            + "the sales data is available through the host functions it lists.")
    String chat(@MemoryId String chatId, @UserMessage String message);
}
