package io.securer.langchain4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.Content;
import dev.langchain4j.data.message.ImageContent;
import dev.langchain4j.data.message.TextContent;
import dev.langchain4j.invocation.InvocationContext;
import dev.langchain4j.service.tool.ToolExecutionResult;
import io.securer.Plot;
import io.securer.SecureSession;
import io.securer.SecureSessionPool;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Plots from real R in the bubblewrap sandbox through run_r_code: what the listener gets, what the
 * model reads, ggplot2 from the system library, and the installed packages in the description.
 */
class PlotsIT {
    /** One plot as the listener got it. */
    record Received(Object memoryId, Plot plot) {
    }

    private static final List<Received> RECEIVED = new CopyOnWriteArrayList<>();
    private static RCodeTool tool;

    @BeforeAll
    static void start() {
        tool = RCodeTool.builder()
                .plotListener((memoryId, plot) -> RECEIVED.add(new Received(memoryId, plot)))
                .timeout(Duration.ofSeconds(30)) // the first ggplot2 load is slow on a busy machine
                .build();
    }

    @AfterAll
    static void stop() {
        tool.close();
    }

    @BeforeEach
    void clear() {
        RECEIVED.clear();
    }

    @Test
    void aPlotGoesToTheListenerWithTheChatsMemoryIdAndTheModelIsTold() {
        assertEquals("plot 1: 800×600 PNG, shown to the user", tool.runRCode("chat-1", "plot(1:10)"));

        assertEquals(1, RECEIVED.size());
        assertEquals("chat-1", RECEIVED.get(0).memoryId());
        Plot p = RECEIVED.get(0).plot();
        assertEquals("image/png", p.mimeType());
        assertEquals(List.of(800, 600), List.of(p.width(), p.height()));
        Png.assertPng(p.data(), 800, 600);
    }

    @Test
    void twoPlotsInOneCallArriveInDrawingOrderAfterWhatRPrinted() {
        tool.runRCode("c", "plot(1:10)");
        tool.runRCode("c", "hist(c(1, 2, 2, 3, 3, 3))");
        List<byte[]> alone = RECEIVED.stream().map(r -> r.plot().data()).toList();
        RECEIVED.clear();

        assertEquals("[1] \"drawn\"\nplot 1: 800×600 PNG, shown to the user\nplot 2: 800×600 PNG, shown to the user",
                tool.runRCode("c", "plot(1:10); hist(c(1, 2, 2, 3, 3, 3)); 'drawn'"));

        assertEquals(2, RECEIVED.size());
        // the same drawing gives the same bytes, so the order is the drawing order
        assertTrue(java.util.Arrays.equals(alone.get(0), RECEIVED.get(0).plot().data()), "plot(1:10) first");
        assertTrue(java.util.Arrays.equals(alone.get(1), RECEIVED.get(1).plot().data()), "hist second");
    }

    @Test
    void aPlotDrawnBeforeAnErrorStillReachesTheUser() {
        assertEquals("Error: after the plot\nplot 1: 800×600 PNG, shown to the user",
                tool.runRCode("err", "plot(1:10); stop('after the plot')"));
        assertEquals(1, RECEIVED.size());
        assertEquals("err", RECEIVED.get(0).memoryId());
    }

    @Test
    void codeThatDrawsNothingHasNoPlots() {
        assertEquals("[1] 2", tool.runRCode("c", "1 + 1"));
        assertEquals(List.of(), RECEIVED);
    }

    @Test
    void aGgplotPrintedAtTopLevelIsOnePngFromTheReadOnlySiteLibrary() {
        String text = tool.runRCode("gg", """
                library(ggplot2)
                chart <- ggplot(mtcars, aes(wt, mpg)) + geom_point()
                chart""");
        assertEquals("plot 1: 800×600 PNG, shown to the user", text);
        assertEquals(1, RECEIVED.size());
        Png.assertPng(RECEIVED.get(0).plot().data(), 800, 600);
        // the package came from the system library, which the sandbox binds read-only
        assertEquals("[1] \"/usr/lib/R/site-library\"", tool.runRCode("gg", "dirname(find.package('ggplot2'))"));
        assertEquals("[1] FALSE", tool.runRCode("gg",
                "suppressWarnings(file.create('/usr/lib/R/site-library/ggplot2/x'))"));
    }

    @Test
    void aListenerThatThrowsDoesNotBreakTheCall() {
        try (RCodeTool failing = RCodeTool.builder()
                .plotListener((memoryId, plot) -> {
                    throw new IllegalStateException("display offline");
                })
                .build()) {
            assertEquals("[1] 3\nplot 1: 800×600 PNG (not shown: the application could not display it)",
                    failing.runRCode("c", "plot(1:3); 3"));
            assertEquals("[1] 4", failing.runRCode("c", "4"));
        }
    }

    @Test
    void withoutAListenerTheModelIsToldNobodySawThePlot() {
        try (SecureSession session = SecureSession.builder().sandbox(true).build();
             RCodeTool plain = RCodeTool.builder().session(session).notablePackages(List.of()).build()) {
            assertEquals("plot 1: 800×600 PNG (not shown: the application did not ask for plots)",
                    plain.runRCode("c", "barplot(c(a = 1, b = 2))"));
            assertTrue(plain.description().contains("Plots are not shown to the user; report results as text."),
                    plain.description());
            assertTrue(!plain.description().contains("Add-on R packages"), plain.description());
        }
    }

    @Test
    void everySessionModeHandsTheListenerTheCallsMemoryId() {
        List<Received> got = new CopyOnWriteArrayList<>();
        PlotListener listener = (memoryId, plot) -> got.add(new Received(memoryId, plot));
        try (SecureSessionPool pool = SecureSessionPool.builder().size(1).sandbox(true).build();
             RCodeTool pooled = RCodeTool.builder().pool(pool).plotListener(listener).build();
             RCodeTool perChat = RCodeTool.builder().sessionPerMemoryId(SecureSession.builder())
                     .plotListener(listener).build()) {
            pooled.runRCode("pool-chat", "plot(1)");
            perChat.runRCode("alice", "plot(2)");
            perChat.runRCode(null, "plot(3)");
        }
        assertEquals(List.of("pool-chat", "alice", SecurerTools.MEMORY_ID),
                got.stream().map(Received::memoryId).toList());
    }

    @Test
    void theExecutorAttachesThePngForTheModelWhenAsked() {
        List<Received> got = new CopyOnWriteArrayList<>();
        try (RCodeTool withImages = RCodeTool.builder().imagesToModel(true)
                .plotListener((memoryId, plot) -> got.add(new Received(memoryId, plot))).build()) {
            ToolExecutionRequest request = ToolExecutionRequest.builder().id("t1").name(RCodeTool.NAME)
                    .arguments("{\"code\": \"plot(1:10); 'done'\"}").build();
            InvocationContext context = InvocationContext.builder().chatMemoryId("chat-7").build();

            ToolExecutionResult result = withImages.executor().executeWithContext(request, context);

            List<Content> contents = result.resultContents();
            assertEquals(2, contents.size());
            assertEquals("[1] \"done\"\nplot 1: 800×600 PNG, shown to the user; the image is attached",
                    assertInstanceOf(TextContent.class, contents.get(0)).text());
            ImageContent image = assertInstanceOf(ImageContent.class, contents.get(1));
            assertEquals(ImageContent.DetailLevel.HIGH, image.detailLevel());
            assertEquals("image/png", image.image().mimeType());
            byte[] png = Base64.getDecoder().decode(image.image().base64Data());
            Png.assertPng(png, 800, 600);
            assertEquals("chat-7", got.get(0).memoryId());
            assertTrue(java.util.Arrays.equals(got.get(0).plot().data(), png));

            // a caller that takes text only gets no claim of an attachment, and no image
            assertEquals("[1] \"done\"\nplot 1: 800×600 PNG, shown to the user",
                    withImages.executor().execute(request, "chat-7"));
            // a call without plots is plain text, as without the option
            ToolExecutionResult text = withImages.executor().executeWithContext(ToolExecutionRequest.builder()
                    .id("t2").name(RCodeTool.NAME).arguments("{\"code\": \"1 + 1\"}").build(), context);
            assertEquals("[1] 2", text.resultText());
        }
    }

    @Test
    void theDescriptionNamesTheNotablePackagesRReallyHas() throws Exception {
        String d = tool.description();
        List<String> expected = installedOnHost(RCodeTool.NOTABLE_PACKAGES);
        assertTrue(expected.contains("ggplot2"), "scripts/install-prereqs.sh installs ggplot2: " + expected);
        assertTrue(d.contains("Add-on R packages installed: " + String.join(", ", expected)
                + " (attach them with library()); assume no other add-on packages. "), d);
        assertTrue(d.contains("Plots you draw (base graphics, or a ggplot printed with print() or as the last value) "
                + "are shown to the user as images; you cannot see them, so state key numbers in text."), d);
        // R was asked in the session (the first description() call), and its local variable p is gone
        assertEquals("[1] FALSE", tool.runRCode("c", "exists('p', envir = globalenv(), inherits = FALSE)"));
    }

    /** What the host's R (the sandbox binds the same /usr) says is installed, in the order asked. */
    private static List<String> installedOnHost(List<String> names) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("Rscript", "--vanilla", "-e",
                "for (x in commandArgs(TRUE)) if (nzchar(system.file(package = x))) cat(x, '\\n', sep = '')"));
        cmd.addAll(names);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try {
            byte[] out = p.getInputStream().readAllBytes();
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "Rscript did not finish");
            assertEquals(0, p.exitValue(), new String(out, StandardCharsets.UTF_8));
            return new String(out, StandardCharsets.UTF_8).lines().toList();
        } finally {
            p.destroyForcibly();
        }
    }
}
