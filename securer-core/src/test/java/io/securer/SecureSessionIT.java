package io.securer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The core session against a real R child (no sandbox; the sandboxed suites are in io.securer.security). */
class SecureSessionIT {
    private static SecureSession s;

    @BeforeAll
    static void start() {
        RTestSupport.requireR();
        s = SecureSession.builder().tool(RTestSupport.add()).tool(RTestSupport.weather())
                .tool(SecurerTool.builder("nums").handler(a -> List.of(1, 2, 3)).build())
                .tool(SecurerTool.builder("recs").handler(a -> List.of(Map.of("m", "Jan", "v", 1), Map.of("m", "Feb", "v", 2))).build())
                .tool(SecurerTool.builder("failing").handler(a -> {
                    throw new IllegalStateException("db down at /var/lib/secret/db.sqlite (host 10.1.2.3)");
                }).build())
                .tool(SecurerTool.builder("times").arg("s", ArgType.CHARACTER).arg("n", ArgType.INTEGER)
                        .handler(a -> a.getString("s").repeat(a.getInt("n"))).build())
                .tool(SecurerTool.builder("greet").arg("name", ArgType.CHARACTER).optionalArg("greeting", ArgType.CHARACTER)
                        .handler(a -> (a.has("greeting") ? a.getString("greeting") : "Hello") + ", " + a.getString("name")).build())
                .build();
    }

    @AfterAll
    static void stop() {
        s.close();
    }

    @Test
    void onePlusOne() {
        ExecutionResult r = s.execute("1 + 1");
        assertEquals(2, r.value().asInt());
        assertEquals("[1] 2", r.printed());
        assertTrue(r.visible());
        assertEquals(List.of("numeric"), r.rClass());
        assertEquals(List.of(), r.output());
        assertEquals(0, r.toolCalls());
    }

    @Test
    void toolsFromTheSeeds() {
        ExecutionResult r = s.execute("add(2, 3)");
        assertEquals(5.0, r.value().asDouble());
        assertEquals("[1] 5", r.printed());
        assertEquals(1, r.toolCalls());
        ExecutionResult w = s.execute("get_weather(\"Boston\")");
        assertEquals(72, w.value().get("temp").asInt());
        assertEquals("sunny", w.value().get("condition").asText());
        assertEquals("$temp\n[1] 72\n\n$condition\n[1] \"sunny\"\n", w.printed());
    }

    @Test
    void jsonliteConventions() {
        assertEquals("[1,2,3]", s.execute("c(1, 2, 3)").value().toString());
        assertEquals("null", s.execute("NA").value().toString());
        assertEquals("null", s.execute("NULL").value().toString());
        assertEquals("{\"a\":1,\"b\":\"x\"}", s.execute("list(a = 1, b = 'x')").value().toString());
        assertEquals("[{\"x\":1,\"y\":\"a\"},{\"x\":2,\"y\":\"b\"}]",
                s.execute("data.frame(x = 1:2, y = c('a', 'b'))").value().toString());
        assertEquals("[\"lo\",\"hi\"]", s.execute("factor(c('lo', 'hi'), levels = c('lo', 'hi'))").value().toString());
        assertEquals("\"quote \\\" and \\\\ and\\nnewline\"", s.execute("'quote \" and \\\\ and\\nnewline'").value().toString());
        assertEquals(0.1, s.execute("0.1").value().asDouble());
        assertEquals(List.of("function"), s.execute("function(x) x").rClass());
    }

    @Test
    void statePersistsAndVisibility() {
        ExecutionResult assign = s.execute("persist_x <- 10");
        assertFalse(assign.visible());
        assertEquals("", assign.printed());
        assertEquals(10, assign.value().asInt());
        assertEquals(20, s.execute("persist_x * 2").value().asInt());
    }

    @Test
    void outputIsCapturedInOrderAndIntermediateValuesPrint() {
        ExecutionResult r = s.execute("cat('one\\n'); message('two'); print('three'); warning('four'); 5; 6");
        assertEquals(List.of("one", "two", "[1] \"three\"", "Warning message:", "four ", "[1] 5"), r.output());
        assertEquals(6, r.value().asInt());
    }

    @Test
    void outputIsFencedPerExecution() {
        for (int i = 0; i < 20; i++) {
            ExecutionResult r = s.execute("cat('line " + i + "\\n'); message('err " + i + "')");
            assertEquals(List.of("line " + i, "err " + i), r.output());
        }
    }

    @Test
    void outputStreamsToTheHandlerWhileRunning() {
        List<Long> arrivals = new CopyOnWriteArrayList<>();
        List<String> lines = new CopyOnWriteArrayList<>();
        long start = System.nanoTime();
        ExecutionResult r = s.execute("cat('first\\n'); Sys.sleep(1.5); cat('second\\n')",
                ExecuteOptions.builder().outputHandler(l -> {
                    lines.add(l);
                    arrivals.add(System.nanoTime() - start);
                }).build());
        long done = System.nanoTime() - start;
        assertEquals(List.of("first", "second"), lines);
        assertEquals(List.of("first", "second"), r.output());
        assertTrue(done - arrivals.get(0) > 1_000_000_000L, "first line must arrive before the sleep ends");
    }

    @Test
    void maxOutputLinesCapsTheResultNotTheHandler() {
        List<String> seen = new CopyOnWriteArrayList<>();
        ExecutionResult r = s.execute("for (i in 1:50) cat(i, '\\n')",
                ExecuteOptions.builder().maxOutputLines(10).outputHandler(seen::add).build());
        assertEquals(10, r.output().size(), "exactly maxOutputLines lines, only what R printed");
        assertEquals("1 ", r.output().get(0));
        assertEquals("10 ", r.output().get(9));
        assertEquals(40, r.droppedOutputLines());
        assertEquals(50, seen.size());
    }

    @Test
    void rErrorCarriesMessageAndCall() {
        RExecutionException e = assertThrows(RExecutionException.class,
                () -> s.execute("cat('before\\n'); f <- function(x) stop('bad x: ', x); f(3)"));
        assertEquals("bad x: 3", e.rMessage());
        assertEquals("f(3)", e.rCall());
        assertEquals(List.of("before"), e.output());
        assertEquals("R error in f(3): bad x: 3", e.getMessage());
        RExecutionException top = assertThrows(RExecutionException.class, () -> s.execute("stop('boom')"));
        assertEquals("boom", top.rMessage());
        assertNull(top.rCall());
        assertEquals(4, s.execute("2 * 2").value().asInt());
    }

    @Test
    void syntaxErrorRunsNothing() {
        RSyntaxException e = assertThrows(RSyntaxException.class, () -> s.execute("syntax_probe <- 1\n1 +"));
        assertTrue(e.parseError().contains("unexpected end of input"), e.parseError());
        assertFalse(s.execute("exists('syntax_probe')").value().asBoolean());
    }

    @Test
    void validateReportsSyntaxAndDangerousCalls() {
        ValidationResult ok = s.validate("x <- system('id'); y <- .Call('foo'); processx::run('ls')");
        assertTrue(ok.valid());
        assertNull(ok.error());
        assertEquals(List.of("call to 'system' detected", "call to '.Call' detected", "call to 'processx' detected"),
                ok.warnings());
        ValidationResult clean = s.validate("mean(c(1, 2))");
        assertEquals(new ValidationResult(true, null, List.of()), clean);
        ValidationResult bad = s.validate("1 +");
        assertFalse(bad.valid());
        assertTrue(bad.error().contains("unexpected end of input"), bad.error());
        // 'system' inside a string is not a call
        assertEquals(List.of(), s.validate("x <- 'system(1)'").warnings());
    }

    @Test
    void toolArgumentsAreCheckedInR() {
        RExecutionException e = assertThrows(RExecutionException.class, () -> s.execute("add('a', 2)"));
        assertEquals("tool 'add': argument 'a' must be numeric, not character", e.rMessage());
        RExecutionException missing = assertThrows(RExecutionException.class, () -> s.execute("add(1)"));
        assertEquals("tool 'add': argument 'b' is missing, with no default", missing.rMessage());
        assertEquals("Hello, Ann", s.execute("greet('Ann')").value().asText());
        assertEquals("Hi, Ann", s.execute("greet('Ann', greeting = 'Hi')").value().asText());
    }

    @Test
    void integerArgumentsAcceptWholeNumbers() {
        assertEquals("ababab", s.execute("times('ab', 3)").value().asText());
        assertEquals("ab", s.execute("times('ab', 1L)").value().asText());
        assertEquals("tool 'times': argument 'n' must be integer, not numeric",
                assertThrows(RExecutionException.class, () -> s.execute("times('ab', 2.5)")).rMessage());
    }

    @Test
    void toolCallsAreCheckedAgainOnTheHost() {
        String callTool = io.securer.security.AttackSnippets.CALL_TOOL;
        assertEquals("unknown tool 'nonexistent'", assertThrows(RExecutionException.class,
                () -> s.execute(callTool + "call_tool('nonexistent', list())")).rMessage());
        assertEquals("tool 'add': argument 'a' must be numeric", assertThrows(RExecutionException.class,
                () -> s.execute(callTool + "call_tool('add', list(a = 'x', b = 2))")).rMessage());
        assertEquals("tool 'add' has no argument 'c'", assertThrows(RExecutionException.class,
                () -> s.execute(callTool + "call_tool('add', list(a = 1, b = 2, c = 3))")).rMessage());
        assertEquals("tool 'add': argument 'b' is missing", assertThrows(RExecutionException.class,
                () -> s.execute(callTool + "call_tool('add', list(a = 1))")).rMessage());
        assertEquals(3, s.execute("add(1, 2)").value().asInt());
    }

    @Test
    void toolsNamedLikeFunctionsOfRsDefaultPackagesAreRefusedWhenTheSessionIsBuilt() {
        SecurerTool c = SecurerTool.builder("c").handler(a -> 1).build();
        SecurerTool filter = SecurerTool.builder("filter").handler(a -> 1).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SecureSession.builder().tool(c).tool(filter).tool(RTestSupport.add()).build());
        assertEquals("tool names 'c' (base::c), 'filter' (stats::filter) would hide R's own functions of the same name; "
                + "give them another name (SecurerTool.renamed, or SecurerTools.prefixed/renamed for converted "
                + "LangChain4j tools)", e.getMessage());
        IllegalArgumentException one = assertThrows(IllegalArgumentException.class,
                () -> SecureSession.builder().tool(SecurerTool.builder("search").handler(a -> 1).build()).build());
        assertEquals("tool name 'search' (base::search) would hide R's own function of the same name; give it another "
                + "name (SecurerTool.renamed, or SecurerTools.prefixed/renamed for converted LangChain4j tools)",
                one.getMessage());
    }

    @Test
    void toolArgumentsOverTheValueBudgetAreAnRErrorAndTheSessionKeepsItsState() {
        s.execute("kept_args <- 5");
        RExecutionException e = assertThrows(RExecutionException.class, () -> s.execute("add(as.numeric(1:3e5), 1)"));
        assertEquals("tool 'add': its arguments are over the limit of 900000 bytes as JSON; pass the tool less data",
                e.rMessage());
        assertFalse(e.sessionRestarted());
        assertEquals(5, s.execute("kept_args").value().asInt());
    }

    @Test
    void aValueNestedTooDeeplyForJsonIsOmittedNotFatal() {
        ExecutionResult r = s.execute("x <- 1; for (i in 1:70) x <- list(x); x");
        assertTrue(r.valueOmitted());
        assertEquals(List.of("list"), r.rClass());
        assertFalse(r.sessionRestarted());
        assertEquals(2, s.execute("1 + 1").value().asInt());
    }

    @Test
    void aHugeErrorMessageIsCutNotFatal() {
        // (stop() itself cuts a message at 8 kB; a condition object can carry any size)
        RExecutionException e = assertThrows(RExecutionException.class, () -> s.execute(
                "stop(structure(class = c('error', 'condition'), list(message = strrep('x', 2e6), call = NULL)))"));
        assertEquals("x".repeat(10_000) + " [truncated]", e.rMessage());
        assertFalse(e.sessionRestarted());
    }

    @Test
    void maxExecutionsCountsCodeOnlyNotValidationsOrOperations() {
        try (SecureSession limited = SecureSession.builder().maxExecutions(2).build()) {
            limited.validate("1 +");
            limited.files().list();
            limited.getDataFrame("data.frame(a = 1)");
            limited.snapshot();
            assertEquals(1, limited.execute("1").value().asInt());
            assertEquals(2, limited.execute("2").value().asInt());
            assertThrows(ExecutionRejectedException.class, () -> limited.execute("3"));
        }
    }

    @Test
    void withoutASandboxTheFilesAreOnlyWhatTheCodeMade() {
        try (SecureSession plain = SecureSession.builder().build()) {
            assertEquals(List.of(), plain.files().list());
            plain.execute("writeLines('x', 'made.txt')");
            assertEquals(List.of(new SessionFile("made.txt", 2)), plain.files().list());
            assertEquals(List.of(), plain.snapshot().objectNames());
            assertEquals(List.of("made.txt"), plain.snapshot().fileNames());
        }
    }

    @Test
    void toolBindingsAreLocked() {
        RExecutionException e = assertThrows(RExecutionException.class, () -> s.execute("add <- function(a, b) 0"));
        assertEquals("cannot change value of locked binding for 'add'", e.rMessage());
        assertEquals(7, s.execute("add(3, 4)").value().asInt());
    }

    @Test
    void throwingToolBecomesSanitizedRError() {
        RExecutionException e = assertThrows(RExecutionException.class, () -> s.execute("failing()"));
        assertEquals("tool 'failing' failed: db down at <path> (host <address>)", e.rMessage());
        assertEquals("caught", s.execute("tryCatch(failing(), error = function(e) 'caught')").value().asText());
    }

    @Test
    void toolResultsAreSimplified() {
        assertEquals("TRUE 3", s.execute("v <- nums(); paste(is.numeric(v), length(v))").value().asText());
        JsonNode df = s.execute("d <- recs(); c(class(d), nrow(d), sum(d$v))").value();
        assertEquals("[\"data.frame\",\"2\",\"3\"]", df.toString());
    }

    @Test
    void toolsCanBeCalledManyTimesInOneExecution() {
        ExecutionResult r = s.execute("t <- 0; for (i in 1:200) t <- add(t, i); t");
        assertEquals(20100, r.value().asInt());
        assertEquals(200, r.toolCalls());
    }

    @Test
    void concurrentCallsAreSerialized() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> fs = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int id = t;
                fs.add(pool.submit(() -> {
                    for (int i = 0; i < 25; i++) {
                        int v = id * 1000 + i;
                        ExecutionResult r = s.execute("shared_v <- " + v + "; Sys.sleep(0.001); shared_v");
                        if (r.value().asInt() != v) {
                            return false;
                        }
                    }
                    return true;
                }));
            }
            for (Future<Boolean> f : fs) {
                assertTrue(f.get());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void lifecycleAccessors() {
        assertTrue(s.isAlive());
        assertEquals(List.of("add", "get_weather", "nums", "recs", "failing", "times", "greet"),
                s.tools().stream().map(SecurerTool::name).toList());
        assertTrue(s.toString().matches("SecureSession\\[running pid=\\d+ sandbox=none tools=7]"), s.toString());
    }

    @Test
    void sanitizeErrorsMasksHostDetails() {
        try (SecureSession q = SecureSession.builder().sanitizeErrors(true).build()) {
            RExecutionException e = assertThrows(RExecutionException.class,
                    () -> q.execute("stop('cannot read /home/alice/data.csv from 10.0.0.5 (pid 4242)')"));
            assertEquals("cannot read <path> from <address> (pid <n>)", e.rMessage());
        }
    }

    @Test
    void withSessionClosesTheSession() {
        SecureSession[] seen = new SecureSession[1];
        int v = SecureR.withSession(SecureSession.builder().tool(RTestSupport.add()), q -> {
            seen[0] = q;
            return q.execute("add(40, 2)").value().asInt();
        });
        assertEquals(42, v);
        assertFalse(seen[0].isAlive());
        assertThrows(SessionClosedException.class, () -> seen[0].execute("1"));
    }

    @Test
    void unicodeRoundTrips() {
        assertEquals("größe ✓ 日本", s.execute("'größe ✓ 日本'").value().asText());
        assertEquals(List.of("größe ✓"), s.execute("cat('größe ✓\\n')").output());
        assertEquals(Collections.emptyList(), s.execute("invisible(1)").output());
    }
}
