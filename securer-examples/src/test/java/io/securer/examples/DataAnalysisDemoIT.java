package io.securer.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Code mode: one R program, four host calls, a summary no single tool returns, and a chart saved as a file. */
class DataAnalysisDemoIT {
    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    @Test
    void oneProgramCallsBothHostToolsRanksTheRegionsAndSavesTheChart(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("demo-output");
        Transcript t = DataAnalysisDemo.run(Map.of(), line -> { }, out);

        assertEquals("sandbox: bubblewrap", t.lines().get(2));
        Matcher saved = Pattern.compile("\\[plot 1 saved: (.+) \\(800×600 PNG, (\\d+) bytes\\)]").matcher(t.text());
        assertTrue(saved.find(), t.text());
        Path plot = out.resolve("plot-1.png");
        assertEquals(plot.toString(), saved.group(1));
        assertTrue(t.text().contains("""
                [R -> host] fx_rate(from = "EUR", to = "USD") -> 1.08
                [R -> host] get_sales(region = "EU") -> 6 rows
                [R -> host] get_sales(region = "US") -> 6 rows
                [R -> host] get_sales(region = "APAC") -> 6 rows
                [plot 1 saved:\s""" + plot + " (800×600 PNG, " + saved.group(2) + " bytes)]\n" + """
                [R result, as the model sees it]
                      region total_eur total_usd
                    1     US      9200      9936
                    2     EU      6200      6696
                    3   APAC      3300      3564
                    plot 1: 800×600 PNG, shown to the user
                [model answer]
                    By Q1 2025 sales in USD: 1. US $9,936, 2. EU $6,696, 3. APAC $3,564 (EUR 9,200, 6,200 and 3,300 at 1.08). The bar chart shows the same ranking."""),
                t.text());
        assertEquals(1, t.lines().stream().filter(l -> l.equals("[model -> run_r_code]")).count(),
                "one model round trip for the whole analysis");

        // the file is the chart: a PNG of 800 x 600 pixels (its own header says so), nothing else in the directory
        byte[] png = Files.readAllBytes(plot);
        assertEquals(Integer.parseInt(saved.group(2)), png.length);
        assertTrue(Arrays.equals(PNG_SIGNATURE, Arrays.copyOf(png, 8)), "PNG signature");
        assertEquals("IHDR", new String(png, 12, 4, StandardCharsets.US_ASCII));
        assertEquals(List.of(800, 600), List.of(ByteBuffer.wrap(png, 16, 4).getInt(), ByteBuffer.wrap(png, 20, 4).getInt()));
        assertEquals("[transcript saved: " + out.resolve("transcript.txt") + "]", t.lines().get(t.lines().size() - 1));
        assertEquals(t.text() + "\n", Files.readString(out.resolve("transcript.txt"), StandardCharsets.UTF_8));
        try (var files = Files.list(out)) {
            assertEquals(List.of("plot-1.png", "transcript.txt"), files.map(f -> f.getFileName().toString()).sorted().toList());
        }
    }

    @Test
    void plotsAreNumberedAcrossTheRunAndReplaceThePreviousRunsPlots(@TempDir Path dir) throws IOException {
        Files.write(dir.resolve("plot-9.png"), new byte[] {1});
        Files.writeString(dir.resolve("notes.txt"), "mine");
        ScriptedExchange twoCharts = new ScriptedExchange("Two charts?", "plot(1:3); hist(c(1, 2, 2)); 2",
                "[1] 2\nplot 1: 800×600 PNG, shown to the user\nplot 2: 800×600 PNG, shown to the user", "Two.");
        ScriptedExchange oneChart = new ScriptedExchange("One chart?", "plot(3:1); 1",
                "[1] 1\nplot 1: 800×600 PNG, shown to the user", "One.");
        DemoScenario scenario = new DemoScenario("charts", List::of, List.of(twoCharts, oneChart));
        try (ModelChoice model = ModelChoice.openAi(Map.of(), scenario.exchanges())) {
            Transcript t = DemoRunner.run(scenario, model, line -> { }, dir);
            // numbered across the run; the model's text numbers plots per call
            assertTrue(t.text().contains("[plot 3 saved: " + dir.resolve("plot-3.png")), t.text());
        }
        try (var files = Files.list(dir)) {
            // the previous run's plot-9.png is gone, other files stay
            assertEquals(List.of("notes.txt", "plot-1.png", "plot-2.png", "plot-3.png", "transcript.txt"),
                    files.map(f -> f.getFileName().toString()).sorted().toList());
        }
    }

    @Test
    void aRecordedAnswerThatContradictsRIsRefusedBeforeItIsShown() {
        ScriptedExchange wrong = new ScriptedExchange("Total EU sales?",
                "sum(get_sales(region = \"EU\")$amount)", "[1] 6000", "EU sold EUR 6,000.");
        DemoScenario scenario = new DemoScenario("wrong script", () -> List.of(new SalesTools()), List.of(wrong));
        try (ModelChoice model = ModelChoice.openAi(Map.of(), List.of(wrong))) {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> DemoRunner.run(scenario, model, line -> { }));
            assertEquals("the recorded answer to 'Total EU sales?' assumes R printed\n[1] 6000\nbut R printed\n[1] 6200",
                    e.getMessage());
        }
    }

    @Test
    void aHostToolErrorReachesRAndTheModelAsAnRError() {
        ScriptedExchange exchange = new ScriptedExchange("Sales in Mars?", "get_sales(region = \"MARS\")",
                "Error: tool 'get_sales' failed: unknown region 'MARS'; use EU, US or APAC",
                "There is no MARS region.");
        DemoScenario scenario = new DemoScenario("tool error", () -> List.of(new SalesTools()), List.of(exchange));
        try (ModelChoice model = ModelChoice.openAi(Map.of(), List.of(exchange))) {
            Transcript t = DemoRunner.run(scenario, model, line -> { });
            assertTrue(t.lines().contains("[R -> host] get_sales(region = \"MARS\") -> error: unknown region 'MARS'; "
                    + "use EU, US or APAC"), t.text());
            assertTrue(t.text().contains("""
                    [R result, as the model sees it]
                        Error: tool 'get_sales' failed: unknown region 'MARS'; use EU, US or APAC
                    [model answer]
                        There is no MARS region."""), t.text());
        }
    }
}
