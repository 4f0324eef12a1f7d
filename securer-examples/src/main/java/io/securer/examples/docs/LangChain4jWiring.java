package io.securer.examples.docs;

import dev.langchain4j.memory.chat.MessageWindowChatMemory;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.service.AiServices;
import dev.langchain4j.service.MemoryId;
import dev.langchain4j.service.UserMessage;
import dev.langchain4j.service.tool.ToolProvider;
import io.securer.ResourceLimits;
import io.securer.SecureSession;
import io.securer.SessionStore;
import io.securer.SecureSessionPool;
import io.securer.SecurerTool;
import io.securer.examples.FxRates;
import io.securer.examples.SalesTools;
import io.securer.langchain4j.RCodeExecutionEngine;
import io.securer.langchain4j.RCodeTool;
import io.securer.langchain4j.RCodeToolProvider;
import io.securer.langchain4j.SecurerTools;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** The code of docs/langchain4j.md, region by region (DocsSnippetsTest keeps them equal). */
public final class LangChain4jWiring {
    /** A single-user AI service. */
    public interface Analyst {
        String chat(String question);
    }

    /** An AI service with one chat memory, and one R session, per user. */
    public interface ChatAnalyst {
        String chat(@MemoryId String userId, @UserMessage String question);
    }

    /** Stands for the application's way to show an image in a user's chat (a web socket, a message queue...). */
    public interface ChatUi {
        void showImage(Object chatId, String mimeType, byte[] image);
    }

    private LangChain4jWiring() {
    }

    public static RCodeTool convertTools() {
        // tag::from-objects[]
        // Existing LangChain4j tools (@Tool methods) become R functions: get_sales(region), fx_rate(from, to)
        List<SecurerTool> hostTools = SecurerTools.fromObjects(new SalesTools(), new FxRates());

        RCodeTool rCodeTool = RCodeTool.builder()
                .tools(hostTools)                    // R code may call these; they run on the host
                .build();                            // starts one sandboxed R session, owned by the tool
        // end::from-objects[]
        return rCodeTool;
    }

    public static RCodeTool largeToolSet() {
        // tag::catalog[]
        // Prefixed names (crm_get_sales) cannot mask an R function; the catalog lets R look tools up
        List<SecurerTool> crmTools = SecurerTools.prefixed("crm_", SecurerTools.fromObjects(new SalesTools()));

        RCodeTool rCodeTool = RCodeTool.builder()
                .tools(SecurerTools.withCatalog(crmTools)) // adds list_tools(pattern) and tool_help(name)
                .build();
        // end::catalog[]
        return rCodeTool;
    }

    public static Analyst wireAsToolObject(ChatModel model, RCodeTool rCodeTool) {
        // tag::wire-tool[]
        Analyst analyst = AiServices.builder(Analyst.class)
                .chatModel(model)
                .tools(rCodeTool)                    // LangChain4j reads the @Tool method run_r_code
                .build();
        // end::wire-tool[]
        return analyst;
    }

    public static Analyst wireAsToolProvider(ChatModel model, RCodeTool rCodeTool, ToolProvider otherTools) {
        // tag::wire-provider[]
        Analyst analyst = AiServices.builder(Analyst.class)
                .chatModel(model)
                // run_r_code with a description listing the R functions, plus another provider's tools
                .toolProvider(new RCodeToolProvider(rCodeTool, otherTools))
                .build();
        // end::wire-provider[]
        return analyst;
    }

    public static Analyst wireAsMap(ChatModel model, RCodeTool rCodeTool) {
        // tag::wire-map[]
        Analyst analyst = AiServices.builder(Analyst.class)
                .chatModel(model)
                .tools(Map.of(rCodeTool.toolSpecification(), rCodeTool.executor()))
                .build();
        // end::wire-map[]
        return analyst;
    }

    /** Builds the per-chat analyst; its RCodeTool is added to {@code toClose} (it owns the sessions). */
    public static ChatAnalyst perChatSessions(ChatModel model, List<AutoCloseable> toClose) {
        // tag::per-chat[]
        RCodeTool rCodeTool = RCodeTool.builder()
                .sessionPerMemoryId(SecureSession.builder()
                        .sandbox(true)
                        .limits(ResourceLimits.defaults()))
                .tools(SecurerTools.fromObjects(new SalesTools()))
                .idleTimeout(Duration.ofMinutes(15)) // an idle user's R session is closed after this
                .maxSessions(50)                     // at most 50 R processes; the least recently used idle one goes
                .build();

        ChatAnalyst analyst = AiServices.builder(ChatAnalyst.class)
                .chatModel(model)
                .chatMemoryProvider(userId -> MessageWindowChatMemory.withMaxMessages(20))
                .toolProvider(new RCodeToolProvider(rCodeTool))
                .build();
        // analyst.chat("alice", ...) and analyst.chat("bob", ...) never see each other's R variables
        // end::per-chat[]
        toClose.add(rCodeTool);
        return analyst;
    }

    /** A per-chat tool whose chats keep their R workspace in {@code store} (e.g. a RedisSessionStore shared by replicas). */
    public static RCodeTool survivingSessions(SessionStore store) {
        // tag::surviving[]
        RCodeTool rCodeTool = RCodeTool.builder()
                .sessionPerMemoryId(SecureSession.builder().sandbox(true))
                .tools(SecurerTools.fromObjects(new SalesTools()))
                .sessionStore(store)                         // each chat's workspace, keyed by its memory id
                .autosaveMaxBytes(16L * 1024 * 1024)         // saved after every successful call up to 16 MiB
                .warmSessions(2)                             // two started sessions wait for new chats
                .idleTimeout(Duration.ofMinutes(15))         // evicted chats are saved, and restored when they return
                .build();
        // end::surviving[]
        return rCodeTool;
    }

    public static RCodeTool pooled(SecureSessionPool[] poolOut) {
        // tag::pool[]
        SecureSessionPool pool = SecureSessionPool.builder()
                .size(4)                             // four warm, sandboxed R processes
                .sandbox(true)
                .tools(SecurerTools.fromObjects(new SalesTools(), new FxRates()))
                // resetBetweenUses(true) is the default: no variables carry over from one call to the next
                .acquireTimeout(Duration.ofSeconds(10))
                .build();

        RCodeTool rCodeTool = RCodeTool.builder().pool(pool).build(); // the pool stays yours: close it yourself
        // end::pool[]
        poolOut[0] = pool;
        return rCodeTool;
    }

    public static RCodeTool timeouts() {
        // tag::timeouts[]
        RCodeTool rCodeTool = RCodeTool.builder()
                .tools(SecurerTools.fromObjects(new SalesTools()))
                .timeout(Duration.ofSeconds(10))     // per call (default 30 s): R is interrupted, variables kept
                .maxToolCalls(20)                    // host function calls per run (default unlimited)
                .limits(ResourceLimits.builder()
                        .cpuSeconds(120)             // CPU seconds over the R process's whole life
                        .memoryBytes(1024L * 1024 * 1024)
                        .build())
                .build();
        // end::timeouts[]
        return rCodeTool;
    }

    public static RCodeTool plotsToTheUser(ChatUi ui) {
        // tag::plot-listener[]
        RCodeTool rCodeTool = RCodeTool.builder()
                .tools(SecurerTools.fromObjects(new SalesTools()))
                // each plot of each call, with the chat's memory id; the model reads "plot 1: 800×600 PNG, shown to the user"
                .plotListener((memoryId, plot) -> ui.showImage(memoryId, plot.mimeType(), plot.data()))
                .build();
        // end::plot-listener[]
        return rCodeTool;
    }

    public static ChatAnalyst plotsToTheModel(ChatModel claude, ChatUi ui, List<AutoCloseable> toClose) {
        // tag::images-to-model[]
        RCodeTool rCodeTool = RCodeTool.builder()
                .sessionPerMemoryId(SecureSession.builder().sandbox(true))
                .plotListener((memoryId, plot) -> ui.showImage(memoryId, plot.mimeType(), plot.data()))
                .imagesToModel(true)                 // the model sees the PNGs too: Anthropic, Gemini, OpenAI Responses
                .build();

        ChatAnalyst analyst = AiServices.builder(ChatAnalyst.class)
                .chatModel(claude)                   // e.g. AnthropicChatModel; not OpenAiChatModel or OllamaChatModel
                .chatMemoryProvider(userId -> MessageWindowChatMemory.withMaxMessages(20))
                .toolProvider(new RCodeToolProvider(rCodeTool)) // images need the executor; the @Tool method returns text
                .build();
        // end::images-to-model[]
        toClose.add(rCodeTool);
        return analyst;
    }

    public static RCodeTool packagesInTheDescription() {
        // tag::notable-packages[]
        RCodeTool rCodeTool = RCodeTool.builder()
                // named in run_r_code's description if R finds them installed (default: RCodeTool.NOTABLE_PACKAGES)
                .notablePackages(List.of("ggplot2", "dplyr", "forecast"))
                .build();
        // end::notable-packages[]
        return rCodeTool;
    }

    public static String engine(RCodeTool rCodeTool) {
        // tag::engine[]
        RCodeExecutionEngine engine = new RCodeExecutionEngine(rCodeTool);
        String text = engine.execute("summary(c(3, 1, 2))");   // the text run_r_code would give the model
        // end::engine[]
        return text;
    }
}
