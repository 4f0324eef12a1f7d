package io.securer.examples;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.memory.chat.MessageWindowChatMemory;
import dev.langchain4j.service.AiServices;
import io.securer.SecureSession;
import io.securer.SecurerTool;
import io.securer.langchain4j.RCodeTool;
import io.securer.langchain4j.RCodeToolProvider;
import io.securer.langchain4j.SecurerTools;
import io.securer.SandboxMode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Runs one demo end to end and returns its {@link Transcript}: the real {@code AiServices} with
 * the chosen chat model, {@code run_r_code} backed by a sandboxed R session, and the scenario's
 * {@code @Tool} objects as R functions. Writes, turn by turn: the question, each R program the
 * model sends, each host tool call R makes, R's result as the model sees it, and the answer.
 *
 * <p>Plots the R code draws go to a {@link PlotSaver}: with an output directory they are written
 * there as {@code plot-1.png}, {@code plot-2.png}, ... (the transcript says where) and the
 * transcript is saved next to them as {@code transcript.txt}; the model is told each plot was
 * shown to the user.
 *
 * <p>Offline, each R result is compared with the recorded one before the recorded answer is
 * shown; a mismatch throws {@link IllegalStateException} (the script would be lying).
 * Not thread-safe; each call starts and closes its own R session.
 */
public final class DemoRunner {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    static final String SYSTEM_MESSAGE = "You are a careful data analyst. Use the run_r_code tool for every "
            + "lookup and calculation: the data is only reachable through the R functions it lists. Prefer one R "
            + "program that calls several functions over many small calls. Answer briefly, with the numbers R computed.";

    /** The AI service the demos talk to. */
    interface Analyst {
        String chat(String question);
    }

    private DemoRunner() {
    }

    /** Where the demos' {@code main} methods save plots and the transcript, relative to the working directory. */
    public static final Path OUTPUT_DIR = Path.of("demo-output");

    /** Runs the demo; plots are listed in the transcript but not saved. */
    public static Transcript run(DemoScenario scenario, ModelChoice model, Consumer<String> out) {
        return run(scenario, model, out, null);
    }

    /**
     * Runs the demo, saving plots and the transcript in {@code outputDir} (null: save nothing).
     *
     * @throws UncheckedIOException when the transcript cannot be written
     */
    public static Transcript run(DemoScenario scenario, ModelChoice model, Consumer<String> out, Path outputDir) {
        Transcript t = new Transcript(out);
        t.line("== securer demo: " + scenario.title());
        t.line("model: " + model.label());
        List<SecurerTool> tools = TracedTools.wrap(SecurerTools.fromObjects(scenario.toolObjects().get().toArray()), t);
        try (SecureSession session = SecureSession.builder().sandbox(true).sanitizeErrors(true).tools(tools).build();
             RCodeTool rCode = RCodeTool.builder().session(session).timeout(Duration.ofSeconds(30))
                     .plotListener(new PlotSaver(outputDir, t)).build()) {
            SandboxMode mode = session.sandboxMode();
            t.line("sandbox: " + mode.label() + (mode == SandboxMode.NONE
                    ? " (WARNING: R runs WITHOUT an OS sandbox; see docs/troubleshooting.md)" : ""));
            t.line("R functions that call the host: " + tools.stream().map(SecurerTool::signature)
                    .collect(Collectors.joining(", ")));
            converse(model, rCode, scenario.exchanges(), t);
        }
        if (outputDir != null) {
            save(t, outputDir);
        }
        return t;
    }

    /**
     * Asks each scripted question through {@code AiServices} with {@code run_r_code} as the
     * model's tool, writing every R program, R's result as the model sees it, and the answer.
     * Offline, each R result must be the recorded one.
     */
    static void converse(ModelChoice model, RCodeTool rCode, List<ScriptedExchange> exchanges, Transcript t) {
        List<String> rResults = new ArrayList<>();
        Analyst analyst = AiServices.builder(Analyst.class)
                .chatModel(model.model())
                .chatMemory(MessageWindowChatMemory.withMaxMessages(40))
                .systemMessageProvider(memoryId -> SYSTEM_MESSAGE)
                .toolProvider(new RCodeToolProvider(rCode))
                .beforeToolExecution(b -> t.block("[model -> " + b.request().name() + "]", code(b.request().arguments())))
                .afterToolExecution(e -> {
                    rResults.add(e.result());
                    t.block("[R result, as the model sees it]", e.result());
                })
                .build();
        for (ScriptedExchange exchange : exchanges) {
            t.line("");
            t.line("[user] " + exchange.question());
            int before = rResults.size();
            String answer = analyst.chat(exchange.question());
            if (model.offline()) {
                check(exchange, rResults.subList(before, rResults.size()));
            }
            t.block("[model answer]", answer);
        }
    }

    private static void save(Transcript t, Path dir) {
        Path file = dir.resolve("transcript.txt");
        t.line("");
        t.line("[transcript saved: " + file + "]");
        try {
            Files.createDirectories(dir);
            Files.writeString(file, t.text() + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("could not save the transcript in " + dir, e);
        }
    }

    private static void check(ScriptedExchange exchange, List<String> results) {
        if (results.size() != 1 || !results.get(0).equals(exchange.expectedResult())) {
            throw new IllegalStateException("the recorded answer to '" + exchange.question() + "' assumes R printed\n"
                    + exchange.expectedResult() + "\nbut R printed\n" + String.join("\n---\n", results));
        }
    }

    /** The R code of a run_r_code request, or the raw arguments when they are not the usual JSON. */
    private static String code(String arguments) {
        try {
            JsonNode node = MAPPER.readTree(arguments);
            JsonNode code = node == null ? null : node.get("code");
            return code != null && code.isTextual() ? code.textValue() : arguments;
        } catch (JsonProcessingException e) {
            return arguments;
        }
    }
}
