package io.securer.examples.docs;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.service.AiServices;
import io.securer.ArgType;
import io.securer.ExecutionResult;
import io.securer.SecureSession;
import io.securer.SecurerTool;
import io.securer.langchain4j.RCodeTool;
import io.securer.langchain4j.RCodeToolProvider;
import java.util.List;

/** The example in README.md (between the tag markers; DocsSnippetsTest keeps them equal). */
public final class ReadmeExample {
    /** The AI service of the example. */
    public interface Assistant {
        String chat(String message);
    }

    private ReadmeExample() {
    }

    /** Runs the example, printing R's result and the assistant's answer on stdout. */
    public static void run(ChatModel model) {
        // tag::readme[]
        // A host function R may call: it runs in this JVM, outside the sandbox.
        SecurerTool fx = SecurerTool.builder("fx_rate")
                .description("Exchange rate from one currency to another")
                .arg("from", ArgType.CHARACTER).arg("to", ArgType.CHARACTER)
                .handler(args -> args.getString("from").equals("EUR") && args.getString("to").equals("USD") ? 1.08 : 1.0)
                .build();

        try (SecureSession session = SecureSession.builder().tool(fx).sandbox(true).build()) {
            ExecutionResult r = session.execute("round(250 * fx_rate(from = 'EUR', to = 'USD'), 2)");
            System.out.println(r.printed());               // [1] 270
        }

        // The same R function, behind the run_r_code tool of a LangChain4j agent (sandboxed by default)
        try (RCodeTool rCode = RCodeTool.builder().tools(List.of(fx)).build()) {
            Assistant assistant = AiServices.builder(Assistant.class)
                    .chatModel(model)                           // OpenAiChatModel, OllamaChatModel, ...
                    .toolProvider(new RCodeToolProvider(rCode))
                    .build();
            System.out.println(assistant.chat("What is 250 EUR in USD?"));
        }
        // end::readme[]
    }
}
