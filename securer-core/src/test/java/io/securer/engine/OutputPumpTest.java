package io.securer.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class OutputPumpTest {
    private static final String END = OutputPump.FENCE_MARK;
    private static final String START = OutputPump.START_MARK;

    private final List<String> fences = new ArrayList<>();
    private final List<Throwable> failures = new ArrayList<>();

    private OutputPump pump(String text) {
        return new OutputPump(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), fences::add,
                failures::add);
    }

    /** One execution's output as the runtime writes it: start line, the text, end line. */
    private static String bracketed(String nonce, String text) {
        return START + nonce + "\n" + text + END + nonce + "\n";
    }

    @Test
    void marksAreUnitSeparatorPrefixed() {
        assertEquals("\u001fSECURER-FENCE:", END);
        assertEquals("\u001fSECURER-START:", START);
    }

    @Test
    void linesBetweenTheMarksGoToTheSinkInOrder() {
        OutputPump p = pump(bracketed("n1", "one\ntwo\n\nthree\n"));
        OutputSink sink = new OutputSink("n1", null, null);
        p.attach(sink);
        p.run();
        assertEquals(List.of("one", "two", "", "three"), sink.lines());
        assertTrue(sink.isClosed());
        assertEquals(List.of("n1"), fences);
        assertEquals("", p.tail());
    }

    private static String mark(String kind, String nonce) {
        return OutputPump.MARK + kind + ":" + nonce + "\n";
    }

    @Test
    void sectionsSeparateOutputThePrintedValueAndTheErrorButKeepTheirOrder() {
        OutputPump p = pump(START + "n\nhi\n" + mark("PRINTED", "n") + "[1] 5\n" + mark("OUTPUT", "n")
                + mark("WARN", "n") + "In addition: Warning message:\nw1 \n" + END + "n\n");
        OutputSink sink = new OutputSink("n", null, null);
        p.attach(sink);
        p.run();
        assertEquals(List.of("hi", "Warning message:", "w1 "), sink.lines());
        assertEquals("[1] 5", sink.printed());
        assertEquals(List.of("hi", "[1] 5", "Warning message:", "w1 "), sink.console());
    }

    @Test
    void anErrorReportKeepsItsAdditionPrefix() {
        OutputPump p = pump(START + "n\nsome output\n" + mark("ERROR", "n") + "Error in f() : boom\n"
                + "In addition: Warning message:\nIn f() : w\n" + END + "n\n");
        OutputSink sink = new OutputSink("n", null, null);
        p.attach(sink);
        p.run();
        assertEquals(List.of("some output"), sink.lines());
        assertEquals(List.of("some output", "Error in f() : boom", "In addition: Warning message:", "In f() : w"),
                sink.console());
    }

    @Test
    void aPrintedValueKeepsItsLeadingEmptyLines() {
        // table(...) and summary(lm(...)) print an empty line first
        OutputPump p = pump(START + "n\n" + mark("PRINTED", "n") + "\n\n2023 2024 \n   1    2\n" + mark("OUTPUT", "n")
                + END + "n\n");
        OutputSink sink = new OutputSink("n", null, null);
        p.attach(sink);
        p.run();
        assertEquals("\n\n2023 2024 \n   1    2", sink.printed());
        assertEquals(List.of("", "", "2023 2024 ", "   1    2"), sink.console());
    }

    @Test
    void aPrintedValueWithoutTrailingNewlineStaysInItsSection() {
        OutputPump p = pump(START + "n\n" + mark("PRINTED", "n") + "abc" + mark("OUTPUT", "n") + END + "n\n");
        OutputSink sink = new OutputSink("n", null, null);
        p.attach(sink);
        p.run();
        assertEquals("abc", sink.printed());
        assertEquals(List.of(), sink.lines());
    }

    @Test
    void linesBeforeTheStartMarkNeverReachTheSink() {
        // e.g. a background process of the previous execution printing late
        OutputPump p = pump("INJECTED-1\n" + bracketed("n2", "mine\n"));
        OutputSink sink = new OutputSink("n2", null, null);
        p.attach(sink);
        p.run();
        assertEquals(List.of("mine"), sink.lines());
        assertEquals("INJECTED-1", p.tail());
    }

    @Test
    void linesAfterTheEndMarkGoToTheTail() {
        OutputPump p = pump(bracketed("n1", "out\n") + "stray\n");
        OutputSink sink = new OutputSink("n1", null, null);
        p.attach(sink);
        p.run();
        assertEquals(List.of("out"), sink.lines());
        assertEquals("stray", p.tail());
    }

    @Test
    void marksWithAnotherNonceAreOrdinaryText() {
        OutputPump p = pump(START + "n1\na\n" + END + "forged\nb\n" + END + "n1\n");
        OutputSink sink = new OutputSink("n1", null, null);
        p.attach(sink);
        p.run();
        assertEquals(List.of("a", END + "forged", "b"), sink.lines());
        assertEquals(List.of("n1"), fences);
    }

    @Test
    void aStartMarkForAnotherExecutionDoesNotOpenTheSink() {
        OutputPump p = pump(START + "old\nlate\n" + bracketed("new", "x\n"));
        OutputSink sink = new OutputSink("new", null, null);
        p.attach(sink);
        p.run();
        assertEquals(List.of("x"), sink.lines());
    }

    @Test
    void textBeforeTheEndMarkOnTheSameLineIsALine() {
        // cat("no newline") leaves the end mark on the same line as the user's last output.
        OutputPump p = pump(START + "n1\nfirst\nno newline" + END + "n1\n");
        OutputSink sink = new OutputSink("n1", null, null);
        p.attach(sink);
        p.run();
        assertEquals(List.of("first", "no newline"), sink.lines());
        assertTrue(sink.isClosed());
        assertEquals(List.of("n1"), fences);
    }

    @Test
    void anEndMarkWithoutASinkIsNotReported() {
        OutputPump p = pump(END + "n9\n");
        p.run();
        assertEquals(List.of(), fences);
    }

    @Test
    void linesWithoutASinkGoToTheTail() {
        OutputPump p = pump("Error: package not found\nExecution halted\n");
        p.run();
        assertEquals("Error: package not found\nExecution halted", p.tail());
    }

    @Test
    void tailKeepsTheLastFortyLines() {
        String text = IntStream.range(0, 50).mapToObj(i -> "l" + i + "\n").collect(Collectors.joining());
        OutputPump p = pump(text);
        p.run();
        assertEquals(IntStream.range(10, 50).mapToObj(i -> "l" + i).collect(Collectors.joining("\n")), p.tail());
    }

    @Test
    void lastLineWithoutNewlineIsDeliveredAtEof() {
        OutputPump p = pump(START + "n\na\nb");
        OutputSink sink = new OutputSink("n", null, null);
        p.attach(sink);
        p.run();
        assertEquals(List.of("a", "b"), sink.lines());
    }

    @Test
    void lineOf64KiBIsKeptWhole() {
        String line = "x".repeat(64 * 1024);
        OutputPump p = pump(START + "n\n" + line + "\nnext\n");
        OutputSink sink = new OutputSink("n", null, null);
        p.attach(sink);
        p.run();
        assertEquals(List.of(line, "next"), sink.lines());
    }

    @Test
    void overLongLinesAreTruncated() {
        OutputPump p = pump(START + "n\n" + "x".repeat(64 * 1024 + 1) + "\n" + "y".repeat(200_000) + "\nnext\n");
        OutputSink sink = new OutputSink("n", null, null);
        p.attach(sink);
        p.run();
        assertEquals(List.of("x".repeat(64 * 1024) + " ... [line truncated]",
                "y".repeat(64 * 1024) + " ... [line truncated]", "next"), sink.lines());
    }

    /** cat(strrep("x", 70000)) without a newline puts the end mark on an over-long line. */
    @Test
    void endMarkAfterAnOverLongLineIsStillSeen() {
        OutputPump p = pump(START + "n1\n" + "x".repeat(70_000) + END + "n1\n");
        OutputSink sink = new OutputSink("n1", null, null);
        p.attach(sink);
        p.run();
        assertEquals(List.of("n1"), fences);
        assertTrue(sink.isClosed());
        assertEquals(List.of("x".repeat(64 * 1024) + " ... [line truncated]"), sink.lines());
    }

    @Test
    void maxLinesKeepsExactlyThatManyAndCountsTheRestWhileTheHandlerSeesAll() {
        List<String> seen = new ArrayList<>();
        OutputPump p = pump(START + "n\n1\n2\n3\n4\n5\n");
        OutputSink sink = new OutputSink("n", seen::add, 3);
        p.attach(sink);
        p.run();
        assertEquals(List.of("1", "2", "3"), sink.lines());
        assertEquals(2, sink.dropped());
        assertEquals(List.of("1", "2", "3", "4", "5"), seen);
    }

    @Test
    void maxLinesZeroKeepsNothing() {
        OutputSink sink = new OutputSink("n", null, 0);
        sink.accept("a");
        assertEquals(List.of(), sink.lines());
        assertEquals(1, sink.dropped());
    }

    @Test
    void throwingHandlerDoesNotLoseTheLine() {
        List<String> seen = new ArrayList<>();
        OutputPump p = pump(START + "n\na\nb\n");
        OutputSink sink = new OutputSink("n", line -> {
            seen.add(line);
            throw new IllegalStateException("handler broke on " + line);
        }, null);
        p.attach(sink);
        p.run();
        assertEquals(List.of("a", "b"), sink.lines());
        assertEquals(List.of("a", "b"), seen);
    }

    @Test
    void closedSinkIgnoresLines() {
        OutputSink sink = new OutputSink("n", null, null);
        sink.accept("a");
        sink.close();
        sink.accept("b");
        assertEquals(List.of("a"), sink.lines());
    }

    @Test
    void utf8LinesAreDecoded() {
        OutputPump p = pump(START + "n\nGrüße € 日本\n");
        OutputSink sink = new OutputSink("n", null, null);
        p.attach(sink);
        p.run();
        assertEquals(List.of("Grüße € 日本"), sink.lines());
    }

    @Test
    void capturedOutputIsCappedInBytesEvenWithoutMaxLines() {
        AtomicInteger handled = new AtomicInteger();
        OutputSink sink = new OutputSink("n1", l -> handled.incrementAndGet(), null);
        String line = "x".repeat(1024 * 1024); // 2 MiB of heap as UTF-16 accounting
        for (int i = 0; i < 10; i++) {
            sink.accept(line);
        }
        assertEquals(3, sink.lines().size());
        assertEquals(7, sink.dropped());
        assertEquals(10, handled.get());
    }

    /** Four times cat(strrep('\n', 1e7)) once kept ~1.7 GB on the host: empty lines must cost too. */
    @Test
    void emptyLinesCountAgainstTheCap() {
        OutputSink sink = new OutputSink("n1", null, null);
        for (int i = 0; i < 1_000_000; i++) {
            sink.accept("");
        }
        int kept = (int) (OutputSink.MAX_CAPTURED_BYTES / OutputSink.LINE_OVERHEAD);
        assertEquals(kept, sink.lines().size());
        assertEquals(1_000_000 - kept, sink.dropped());
    }

    @Test
    void anIoErrorIsReportedToo() {
        InputStream broken = new InputStream() {
            @Override
            public int read() throws java.io.IOException {
                throw new java.io.IOException("pipe broke");
            }
        };
        new OutputPump(broken, fences::add, failures::add).run();
        assertEquals(1, failures.size());
        assertEquals("pipe broke", failures.get(0).getMessage());
    }

    @Test
    void endOfStreamIsNoFailure() {
        pump("no newline at the end").run();
        assertEquals(List.of(), failures);
    }

    @Test
    void aFloodOfOutputDoesNotPushOutThePrintedValue() {
        OutputSink sink = new OutputSink("n1", null, null);
        for (int i = 0; i < 1_000_000; i++) {
            sink.accept("");
        }
        sink.switchTo(OutputSink.Section.PRINTED);
        sink.accept("[1] \"done\"");
        assertEquals("[1] \"done\"", sink.printed());
        for (int i = 0; i < 100_000; i++) {
            sink.accept("more");
        }
        int keptReport = (int) (OutputSink.MAX_REPORT_BYTES / (OutputSink.LINE_OVERHEAD + 8));
        assertEquals(keptReport, sink.printed().split("\n").length, "the report has its own cap");
    }

    @Test
    void aFailingReadIsReportedNotSwallowed() {
        InputStream broken = new InputStream() {
            @Override
            public int read() {
                throw new OutOfMemoryError("simulated");
            }

            @Override
            public int read(byte[] b, int off, int len) {
                throw new OutOfMemoryError("simulated");
            }
        };
        new OutputPump(broken, fences::add, failures::add).run();
        assertEquals(1, failures.size());
        assertInstanceOf(OutOfMemoryError.class, failures.get(0));
    }
}
