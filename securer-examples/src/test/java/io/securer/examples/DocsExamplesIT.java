package io.securer.examples;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.langchain4j.exception.UnsupportedFeatureException;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.service.tool.ToolProvider;
import dev.langchain4j.service.tool.ToolProviderResult;
import io.securer.ExecutionResult;
import io.securer.Plot;
import io.securer.SecureSession;
import io.securer.SecureSessionPool;
import io.securer.examples.docs.DeploymentExamples;
import io.securer.examples.docs.FirstProgram;
import io.securer.examples.docs.LangChain4jWiring;
import io.securer.examples.docs.ReadmeExample;
import io.securer.examples.docs.TroubleshootingExamples;
import io.securer.langchain4j.RCodeTool;
import io.securer.SandboxMode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The code the docs show does what the docs say, against real R in bubblewrap and a scripted model. */
class DocsExamplesIT {

    private static String captureStdout(Runnable r) {
        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            r.run();
        } finally {
            System.setOut(old);
        }
        return buf.toString(StandardCharsets.UTF_8);
    }

    private static ChatModel openAi(ScriptedModelServer server) {
        return OpenAiChatModel.builder().baseUrl(server.baseUrl()).apiKey("test").modelName("gpt-4o-mini").build();
    }

    @Test
    void readmeExample() {
        List<ScriptedExchange> script = List.of(new ScriptedExchange("What is 250 EUR in USD?",
                "250 * fx_rate(from = \"EUR\", to = \"USD\")", "[1] 270", "250 EUR is 270 USD."));
        try (ScriptedModelServer server = ScriptedModelServer.openAi(script)) {
            String out = captureStdout(() -> ReadmeExample.run(openAi(server)));
            assertEquals("[1] 270\n250 EUR is 270 USD.\n", out);
            assertEquals(2, server.requestCount());
        }
    }

    @Test
    void deploymentLimitsHoldInsideTheChild() {
        try (SecureSession s = DeploymentExamples.tunedLimits().build()) {
            String limits = s.execute("paste(readLines('/proc/self/limits'), collapse = '\\n')").value().asText();
            assertTrue(limits.matches("(?s).*Max cpu time\\s+30\\s+30\\s+seconds.*"), limits);
            // 2 GiB of memory in a cgroup (CI runs as root); the address space is four times that.
            assertEquals(io.securer.MemoryLimitMode.CGROUP, s.memoryLimitMode());
            assertTrue(limits.matches("(?s).*Max address space\\s+8589934592\\s+8589934592\\s+bytes.*"), limits);
            assertTrue(limits.matches("(?s).*Max file size\\s+10485760\\s+10485760\\s+bytes.*"), limits);
            assertTrue(limits.matches("(?s).*Max processes\\s+20\\s+20\\s+processes.*"), limits);
            assertTrue(limits.matches("(?s).*Max open files\\s+512\\s+512\\s+files.*"), limits);
            assertTrue(limits.matches("(?s).*Max stack size\\s+16777216\\s+16777216\\s+bytes.*"), limits);
        }
    }

    @Test
    void firstProgram() {
        String out = captureStdout(() -> FirstProgram.main(new String[0]));
        String[] lines = out.split("\n");
        assertTrue(lines[0].matches("SecureSession\\[running pid=\\d+ sandbox=bubblewrap tools=1]"), lines[0]);
        assertEquals(List.of("[1] 2700", "2700", "1", "no data for APAC"), List.of(lines).subList(1, lines.length));
    }

    @Test
    void theThreeWiringsRunR() {
        List<ScriptedExchange> script = List.of(new ScriptedExchange("EU total?",
                "sum(get_sales(region = \"EU\")$amount)", "[1] 6200", "6200"));
        ToolProvider none = request -> ToolProviderResult.builder().build();
        try (RCodeTool rCodeTool = LangChain4jWiring.convertTools()) {
            for (int wiring = 0; wiring < 3; wiring++) {
                try (ScriptedModelServer server = ScriptedModelServer.openAi(script)) {
                    ChatModel model = openAi(server);
                    LangChain4jWiring.Analyst analyst = switch (wiring) {
                        case 0 -> LangChain4jWiring.wireAsToolObject(model, rCodeTool);
                        case 1 -> LangChain4jWiring.wireAsToolProvider(model, rCodeTool, none);
                        default -> LangChain4jWiring.wireAsMap(model, rCodeTool);
                    };
                    assertEquals("6200", analyst.chat("EU total?"));
                }
            }
            assertTrue(rCodeTool.description().contains("- get_sales(region: character)"), rCodeTool.description());
            assertEquals("   Min. 1st Qu.  Median    Mean 3rd Qu.    Max. \n    1.0     1.5     2.0     2.0     2.5     3.0",
                    LangChain4jWiring.engine(rCodeTool));
        }
    }

    @Test
    void perChatSessionsAreSeparate() {
        List<ScriptedExchange> script = List.of(
                new ScriptedExchange("remember", "x <- 'alice'; x", "[1] \"alice\"", "ok"),
                new ScriptedExchange("recall", "exists('x')", "[1] FALSE", "bob has no x"));
        List<AutoCloseable> toClose = new java.util.ArrayList<>();
        try (ScriptedModelServer server = ScriptedModelServer.openAi(script)) {
            LangChain4jWiring.ChatAnalyst analyst = LangChain4jWiring.perChatSessions(openAi(server), toClose);
            assertEquals("ok", analyst.chat("alice", "remember"));
            assertEquals("bob has no x", analyst.chat("bob", "recall"));
        } finally {
            for (AutoCloseable c : toClose) {
                assertDoesNotThrow(c::close);
            }
        }
    }

    @Test
    void poolAndTimeouts() {
        SecureSessionPool[] pool = new SecureSessionPool[1];
        try (RCodeTool pooled = LangChain4jWiring.pooled(pool); SecureSessionPool p = pool[0]) {
            assertEquals(4, p.size());
            assertEquals("[1] 1.08", pooled.runRCode("any", "fx_rate(from = 'EUR', to = 'USD')"));
        }
        try (RCodeTool t = LangChain4jWiring.timeouts()) {
            assertTrue(t.description().contains("get_sales"), t.description());
            assertEquals("[1] 6", t.runRCode("any", "nrow(get_sales(region = 'US'))"));
        }
    }

    @Test
    void troubleshootingSnippets() {
        assertEquals(SandboxMode.BUBBLEWRAP, TroubleshootingExamples.checkSandbox());
        try (SecureSession strict = TroubleshootingExamples.strict();
             SecureSession roomy = TroubleshootingExamples.roomier()) {
            assertEquals(SandboxMode.BUBBLEWRAP, strict.sandboxMode());
            assertEquals("[1] 2", roomy.execute("1 + 1").printed());
        }
        assertThrows(IllegalArgumentException.class, () -> io.securer.ResourceLimits.builder().memoryBytes(1).build());
    }

    @Test
    void plotsReachTheUserAndTheModelIsToldWhoSawThem() {
        List<String> shown = new CopyOnWriteArrayList<>();
        LangChain4jWiring.ChatUi ui = (chatId, mimeType, image) -> shown.add(chatId + " " + mimeType + " " + image.length);
        try (RCodeTool t = LangChain4jWiring.plotsToTheUser(ui)) {
            assertEquals("plot 1: 800×600 PNG, shown to the user",
                    t.runRCode("alice", "barplot(get_sales(region = 'EU')$amount)"));
            assertEquals(1, shown.size());
            assertTrue(shown.get(0).startsWith("alice image/png "), shown.get(0));
        }
        // The images-to-model wiring with a model whose API takes no images in tool results fails, as documented
        List<ScriptedExchange> script = List.of(new ScriptedExchange("chart?", "plot(1:3)", "unused", "unused"));
        List<AutoCloseable> toClose = new java.util.ArrayList<>();
        try (ScriptedModelServer server = ScriptedModelServer.openAi(script)) {
            LangChain4jWiring.ChatAnalyst analyst = LangChain4jWiring.plotsToTheModel(openAi(server), ui, toClose);
            assertThrows(UnsupportedFeatureException.class, () -> analyst.chat("bob", "chart?"));
            assertTrue(shown.get(1).startsWith("bob image/png "), shown.toString());
        } finally {
            for (AutoCloseable c : toClose) {
                assertDoesNotThrow(c::close);
            }
        }
    }

    @Test
    void theDescriptionNamesInstalledPackagesOnly() {
        try (RCodeTool t = LangChain4jWiring.packagesInTheDescription()) {
            // scripts/install-prereqs.sh installs ggplot2 and dplyr, not forecast
            assertTrue(t.description().contains("Add-on R packages installed: ggplot2, dplyr (attach them with "
                    + "library()); assume no other add-on packages."), t.description());
        }
    }

    /** Quoted in docs/sessions-and-tools.md, section Plots. */
    @Test
    void sessionPlots(@TempDir Path dir) throws Exception {
        try (SecureSession s = SecureSession.builder().sandbox(true).plotSize(1024, 768).build()) {
            ExecutionResult r = s.execute("plot(1:10); hist(c(1, 2, 2, 3)); 'two plots'");
            assertEquals(2, r.plots().size());           // in drawing order
            Plot first = r.plots().get(0);
            assertEquals("image/png", first.mimeType());
            assertEquals(1024, first.width());           // read from the PNG's own header
            Files.write(dir.resolve("plot-1.png"), first.data());
            assertEquals(List.of(), s.execute("1 + 1").plots());
        }
    }
}
