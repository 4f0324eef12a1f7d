package io.securer.security;

import static io.securer.security.SecurityFixtures.rError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.securer.ArgType;
import io.securer.ExecuteOptions;
import io.securer.ExecutionTimeoutException;
import io.securer.IpcProtocolException;
import io.securer.RExecutionException;
import io.securer.SecureSession;
import io.securer.SecurerTool;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Hostile R code grabs the runtime's own socket connection and writes forged, malformed,
 * oversized and flooding messages to the host; tools misbehave on the host side. Every violation
 * must surface as IpcProtocolException and the next execution must work on a fresh child.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProtocolAttackIT {
    private static final String CONN = SecurityFixtures.CONN;
    private static final String EXEC = SecurityFixtures.EXEC;

    private final CountDownLatch release = new CountDownLatch(1);
    private final java.util.concurrent.atomic.AtomicInteger counted = new java.util.concurrent.atomic.AtomicInteger();
    private SecureSession s;

    @BeforeAll
    void start() {
        SecurerTool boom = SecurerTool.builder("boom").arg("a", ArgType.NUMERIC).handler(a -> {
            throw new IllegalStateException("database /srv/app/secret.db at 10.1.2.3 failed");
        }).build();
        SecurerTool hang = SecurerTool.builder("hang").arg("a", ArgType.NUMERIC).handler(a -> {
            // Blocks up to 60 s; the test's timeout must cut it short (cancel interrupts it).
            return release.await(60, TimeUnit.SECONDS);
        }).build();
        SecurerTool big = SecurerTool.builder("big").arg("n", ArgType.NUMERIC)
                .handler(a -> "x".repeat((int) a.getDouble("n"))).build();
        SecurerTool count = SecurerTool.builder("count").arg("a", ArgType.NUMERIC)
                .handler(a -> counted.incrementAndGet()).build();
        s = SecurityFixtures.sandboxed(SecureSession.builder().tool(SecurityFixtures.add()).tool(boom).tool(hang)
                .tool(big).tool(count));
    }

    @AfterAll
    void stop() {
        release.countDown();
        if (s != null) {
            s.close();
        }
    }

    private void violates(String code, String expectedFragment) {
        IpcProtocolException e = assertThrows(IpcProtocolException.class, () -> s.execute(code), code);
        assertTrue(e.getMessage().contains(expectedFragment), e.getMessage());
        assertEquals(2, s.execute("1 + 1").value().asInt(), "a fresh child serves the next call");
        assertTrue(s.isAlive());
    }

    private static String write(String json) {
        return CONN + "processx::conn_write(conn, " + json + "); 1";
    }

    @Test
    void malformedJson() {
        violates(write("'garbage\\n'"), "child sent malformed JSON: Unrecognized token 'garbage'");
    }

    @Test
    void nonObject() {
        violates(write("'[1,2]\\n'"), "child sent a message that is not a JSON object");
    }

    @Test
    void oversizedLineWithoutNewline() {
        // conn_write is non-blocking: loop until all 2 MiB are out (the host drains as it reads).
        violates(CONN + "b <- charToRaw(strrep('a', 2 * 1024 * 1024)); "
                        + "while (length(b)) { b <- processx::conn_write(conn, b); "
                        + "if (length(b)) processx::poll(list(conn), 100) }; 1",
                "child sent a message larger than 1048576 bytes");
    }

    @Test
    void unknownType() {
        violates(write("'{\"type\":\"pwn\"}\\n'"), "child broke the protocol: unknown message type 'pwn'");
    }

    @Test
    void extraField() {
        violates(EXEC + write("sprintf('{\"type\":\"result\",\"exec\":%d,\"value\":1,\"omitted\":false,"
                        + "\"visible\":true,\"class\":[],\"x\":1}\\n', st$exec)"),
                "child broke the protocol: unexpected field 'x' in result message");
    }

    /** The socket reader then waits for the column's bytes on the bulk pipe; the restart ends that wait. */
    @Test
    void aColumnAnnouncedOnTheBulkPipeDuringAnExecution() {
        violates(EXEC + write("sprintf('{\"type\":\"column\",\"exec\":%d,\"name\":\"x\",\"col_type\":\"double\","
                        + "\"rows\":1000,\"na\":0,\"bytes\":8000,\"pipe\":true}\\n', st$exec)"),
                "child broke the protocol: unexpected ColumnHeader during execution");
    }

    @Test
    void forgedResultForAnotherExecution() {
        violates(EXEC + write("sprintf('{\"type\":\"result\",\"exec\":%d,\"value\":666,\"omitted\":false,"
                        + "\"visible\":true,\"class\":[\"numeric\"]}\\n', st$exec + 1L)"),
                "child broke the protocol: unexpected Result during execution");
    }

    /**
     * 1000 forged, correctly numbered tool calls sent without waiting for answers. The event queue
     * applies back-pressure (the reader waits for room) instead of failing, so the guard is
     * maxToolCalls, or the call-number check when a forged call overtakes a pending one: either
     * way the host runs at most 10 handlers, throws, and the next call works.
     */
    @Test
    void toolCallFlood() {
        counted.set(0);
        String flood = EXEC + write("paste0(sprintf('{\"type\":\"tool_call\",\"exec\":%d,\"call\":%d,\"tool\":\"count\","
                + "\"args\":{\"a\":1}}\\n', st$exec, 1:1000), collapse = '')");
        RuntimeException e = assertThrows(RuntimeException.class,
                () -> s.execute(flood, ExecuteOptions.builder().maxToolCalls(10).build()));
        assertTrue(e instanceof io.securer.ToolCallLimitException || e instanceof IpcProtocolException, e.toString());
        assertTrue(counted.get() <= 10, "host ran " + counted.get() + " forged tool calls");
        s.restart();
        assertEquals(2, s.execute("1 + 1").value().asInt());
    }

    @Test
    void hostRevalidatesToolCallsThatBypassTheRWrappers() {
        String callTool = SecurityFixtures.CALL_TOOL + "call_tool";
        assertEquals("unknown tool 'nope'", rError(s, callTool + "('nope', list(a = 1))").rMessage());
        assertEquals("tool 'add' has no argument 'c'",
                rError(s, callTool + "('add', list(a = 1, b = 2, c = 3))").rMessage());
        RExecutionException typed = rError(s, callTool + "('add', list(a = 'one', b = 2))");
        assertTrue(typed.rMessage().startsWith("tool 'add'"), typed.rMessage());
        assertEquals(3, s.execute(callTool + "('add', list(a = 1, b = 2))").value().asInt());
    }

    @Test
    void throwingToolGivesASanitizedRError() {
        RExecutionException e = rError(s, "boom(1)");
        assertEquals("tool 'boom' failed: database <path> at <address> failed", e.rMessage());
        assertEquals(2, s.execute("1 + 1").value().asInt());
    }

    @Test
    void hangingToolIsCutOffByTheTimeout() {
        long t0 = System.nanoTime();
        ExecutionTimeoutException e = assertThrows(ExecutionTimeoutException.class,
                () -> s.execute("hang(1)", ExecuteOptions.builder().timeout(Duration.ofSeconds(2)).build()));
        assertTrue(System.nanoTime() - t0 < 10_000_000_000L, "returned within timeout + grace");
        assertEquals(Duration.ofSeconds(2), e.timeout());
        assertEquals(2, s.execute("1 + 1").value().asInt());
    }

    @Test
    void hugeToolResultIsHandled() {
        assertEquals(5_000_000, s.execute("nchar(big(5e6))").value().asInt());
        assertEquals(2, s.execute("1 + 1").value().asInt());
        assertFalse(s.execute("exists('x5', inherits = FALSE)").value().asBoolean());
    }

    /**
     * Not a hole, but recorded: R code can forge a result for its OWN execution. It gains nothing
     * it could not return legitimately. The runtime's genuine result then arrives out of turn:
     * either while the host still waits for the output fence (violation on this call) or after
     * it (violation on the next call). Both are safe; which one happens is a race.
     */
    @Test
    void forgedResultForTheCurrentExecutionOnlyFoolsItself() {
        String forge = EXEC + CONN + "processx::conn_write(conn, sprintf('{\"type\":\"result\",\"exec\":%d,"
                + "\"value\":666,\"omitted\":false,\"visible\":true,\"class\":[\"numeric\"]}\\n', st$exec)); 1";
        try {
            assertEquals(666, s.execute(forge).value().asInt());
            violates("1 + 1", "unexpected Result");
        } catch (IpcProtocolException e) {
            // the genuine result arrived while the host still waited for the output fence
            assertTrue(e.getMessage().contains("unexpected Result after execution"), e.getMessage());
            assertEquals(2, s.execute("1 + 1").value().asInt());
        }
    }
}
