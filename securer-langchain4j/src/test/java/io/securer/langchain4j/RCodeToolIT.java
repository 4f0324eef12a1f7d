package io.securer.langchain4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.langchain4j.agent.tool.P;
import dev.langchain4j.agent.tool.Tool;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import io.securer.SecureSession;
import io.securer.SecureSessionPool;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** run_r_code against real R in the bubblewrap sandbox. */
class RCodeToolIT {
    static class Sales {
        record Sale(String month, int amount) {
        }

        @Tool("Sales by region")
        List<Sale> get_sales(@P("region") String region) {
            return List.of(new Sale("Jan", 100), new Sale("Feb", 150));
        }

        @Tool("Fails on purpose")
        String broken() {
            throw new IllegalStateException("warehouse offline");
        }

        @Tool("Repeats a word n times")
        String repeat_word(@P("word") String word, @P("n") int n) {
            return word.repeat(n);
        }
    }

    private static RCodeTool tool;

    @BeforeAll
    static void start() {
        tool = RCodeTool.builder()
                .tools(SecurerTools.fromObjects(new Sales()))
                .timeout(Duration.ofSeconds(4))
                .maxToolCalls(5)
                .build();
    }

    @AfterAll
    static void stop() {
        tool.close();
    }

    @Test
    void returnsWhatRPrints() {
        assertEquals("[1] 2", tool.runRCode("t1", "1 + 1"));
        assertEquals("hello\n[1] \"done\"", tool.runRCode("t1", "cat('hello\\n'); 'done'"));
        assertEquals("(no output; the last value was invisible)", tool.runRCode("t1", "y <- 3"));
        assertEquals("[1] 6", tool.runRCode("t1", "y * 2"));
    }

    @Test
    void convertedToolsReturnParsedData() {
        assertEquals("[1] 250", tool.runRCode("t2", "s <- get_sales(region = \"EU\")\nsum(s$amount)"));
        assertEquals("[1] \"data.frame\"", tool.runRCode("t2", "class(get_sales('EU'))"));
        assertEquals("[1] \"abab\"", tool.runRCode("t2", "repeat_word(word = 'ab', n = 2L)"));
    }

    @Test
    void errorsComeBackAsText() {
        assertEquals("Error: boom", tool.runRCode("t3", "stop('boom')"));
        assertEquals("Error: object 'nope' not found", tool.runRCode("t3", "nope + 1"));
        String syntax = tool.runRCode("t3", "1 +)");
        assertTrue(syntax.startsWith("R syntax error: "), syntax);
        assertTrue(syntax.endsWith("Nothing was run; fix the code and try again."), syntax);
        assertEquals("Error: tool 'broken' failed: warehouse offline", tool.runRCode("t3", "broken()"));
        assertEquals("[1] 2", tool.runRCode("t3", "1 + 1"));
    }

    @Test
    void timeoutKeepsVariables() {
        assertEquals("(no output; the last value was invisible)", tool.runRCode("t4", "kept <- 42"));
        assertEquals("Timed out after 4 s; R was interrupted and variables are kept. Make the code faster or work "
                + "on less data.", tool.runRCode("t4", "Sys.sleep(30)"));
        assertEquals("[1] 42", tool.runRCode("t4", "kept"));
    }

    @Test
    void toolCallLimitIsReported() {
        assertEquals("Stopped: the code made more than 5 host function call(s), the limit for one run. Call host "
                + "functions fewer times (e.g. fetch data once and reuse it).",
                tool.runRCode("t5", "for (i in 1:6) get_sales('EU'); 1"));
        assertEquals("[1] 1", tool.runRCode("t5", "1"));
    }

    @Test
    void executorParsesArgumentsAndReportsBadOnes() {
        var exec = tool.executor();
        assertEquals("[1] 7", exec.execute(ToolExecutionRequest.builder().id("1").name("run_r_code")
                .arguments("{\"code\":\"3 + 4\"}").build(), "t6"));
        assertEquals("The arguments must be a JSON object with a string field \"code\".",
                exec.execute(ToolExecutionRequest.builder().id("2").name("run_r_code")
                        .arguments("{\"script\":\"1\"}").build(), "t6"));
        assertEquals("No R code was given: pass the R code to run as \"code\".", tool.runRCode("t6", "  "));
    }

    @Test
    void descriptionListsTheHostFunctions() {
        String d = tool.toolSpecification().description();
        assertTrue(d.contains("\n- get_sales(region: character): Sales by region"), d);
        assertTrue(d.contains("\n- broken(): Fails on purpose"), d);
        assertTrue(d.contains("\n- repeat_word(word: character, n: integer): Repeats a word n times"), d);
        assertTrue(d.contains("Each call may run for at most 4 s."), d);
        assertEquals(List.of("code"), tool.toolSpecification().parameters().required());
    }

    @Test
    void perMemoryIdSessionsAreIsolated() {
        try (RCodeTool perChat = RCodeTool.builder()
                .sessionPerMemoryId(SecureSession.builder().sandbox(true))
                .maxSessions(4)
                .build()) {
            assertEquals("(no output; the last value was invisible)", perChat.runRCode("alice", "x <- 1"));
            assertEquals("(no output; the last value was invisible)", perChat.runRCode("bob", "x <- 2"));
            assertEquals("[1] 1", perChat.runRCode("alice", "x"));
            assertEquals("[1] 2", perChat.runRCode("bob", "x"));
            assertEquals("Error: object 'x' not found", perChat.runRCode("carol", "x"));
        }
    }

    /** A LangChain4j tool that wants to know which chat called it. */
    public static final class WhoAmI {
        @dev.langchain4j.agent.tool.Tool("Name of the chat that is calling")
        public String whoami(@dev.langchain4j.agent.tool.ToolMemoryId Object chat) {
            return "chat " + chat;
        }
    }

    @Test
    void convertedToolsSeeTheCallingChatsMemoryId() {
        try (RCodeTool perChat = RCodeTool.builder()
                .sessionPerMemoryId(SecureSession.builder().sandbox(true))
                .tools(SecurerTools.fromObjects(new WhoAmI()))
                .build()) {
            assertEquals("[1] \"chat alice\"", perChat.runRCode("alice", "whoami()"));
            assertEquals("[1] \"chat bob\"", perChat.runRCode("bob", "whoami()"));
        }
    }

    @Test
    void perChatSessionsAreSandboxedByDefaultEvenFromAPlainTemplate() {
        SecureSession.Builder plain = SecureSession.builder();
        try (RCodeTool perChat = RCodeTool.builder().sessionPerMemoryId(plain).build()) {
            assertEquals("[1] FALSE", perChat.runRCode("dora", "file.exists('/etc/passwd')"));
        }
        try (RCodeTool opened = RCodeTool.builder().sessionPerMemoryId(plain).sandbox(false).build()) {
            assertEquals("[1] TRUE", opened.runRCode("erin", "file.exists('/etc/passwd')"));
        }
    }

    @Test
    void aSuppliedSessionIsUsedAndNotClosed() {
        try (SecureSession session = SecureSession.builder().sandbox(true).build()) {
            try (RCodeTool shared = RCodeTool.builder().session(session).build()) {
                assertEquals("(no output; the last value was invisible)", shared.runRCode("a", "z <- 5"));
                assertEquals("[1] 5", shared.runRCode("b", "z"));
                assertEquals("[1] 5", RCodeExecutionEngine.of(session).execute("z"));
            }
            assertTrue(session.isAlive());
            assertEquals("[1] 6", session.execute("z + 1").printed());
        }
    }

    @Test
    void aPoolServesCallsAndTheDescriptionSaysStateMayNotPersist() throws InterruptedException {
        try (SecureSessionPool pool = SecureSessionPool.builder().size(2).sandbox(true)
                .tools(SecurerTools.fromObjects(new Sales())).build();
             RCodeTool pooled = RCodeTool.builder().pool(pool).build()) {
            assertEquals("[1] 250", pooled.runRCode("p", "sum(get_sales('EU')$amount)"));
            assertEquals("Error: boom", pooled.runRCode("p", "stop('boom')"));
            String d = pooled.description();
            assertTrue(d.startsWith("Runs R code in a sandboxed R session"), d);
            assertTrue(d.contains("\n- get_sales(region: character): Sales by region"), d);
            // every lease went back (the description's package check took one too); recycling runs in the background
            assertTrue(pool.awaitSettled(Duration.ofSeconds(30)));
            assertEquals(2, pool.available());
        }
    }

    /** A pool that hands sessions on as they are would carry one chat's state into another's. */
    @Test
    void aPoolThatDoesNotResetBetweenUsesIsRefused() {
        try (SecureSessionPool pool = SecureSessionPool.builder().size(1).resetBetweenUses(false).build()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> RCodeTool.builder().pool(pool).build());
            assertEquals("pool(...) needs a pool that resets sessions between uses (SecureSessionPool's default): "
                    + "a session handed on as it is would carry one chat's variables, code and tool context into "
                    + "another's; use sessionPerMemoryId(...) to keep state per chat", e.getMessage());
        }
    }

    @Test
    void aDeadRProcessIsReplacedAndTheNextCallWorks() {
        try (RCodeTool t = RCodeTool.builder().build()) {
            t.runRCode("d", "v <- 1");
            String died = t.runRCode("d", "tools::pskill(Sys.getpid(), 9L); Sys.sleep(5)");
            assertTrue(died.contains("variables from earlier calls are lost"), died);
            assertEquals("[1] 2", t.runRCode("d", "1 + 1"));
            assertEquals("Error: object 'v' not found", t.runRCode("d", "v"));
        }
    }
}
