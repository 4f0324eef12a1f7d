package io.securer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.securer.engine.ChildEvent;
import io.securer.engine.ChildMessage;
import io.securer.engine.HostMessage;
import io.securer.engine.ProtocolViolationException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The execution state machine against a scripted child: no R, no process, no socket. */
class ExecutionDriverTest {
    private static final SecurerTool ADD = SecurerTool.builder("add").arg("a", ArgType.NUMERIC).arg("b", ArgType.NUMERIC)
            .handler(a -> a.getDouble("a") + a.getDouble("b")).build();

    private final FakeHost host = new FakeHost();
    private final ToolRunner tools = new ToolRunner("test");
    private final ExecutionDriver driver = new ExecutionDriver(host, new ToolDispatcher(List.of(ADD)), tools,
            Duration.ofMillis(200), false, 1 << 20, 1L << 30);

    @AfterEach
    void stopTools() {
        tools.close();
    }

    /** Records what the driver asks of its session. */
    static final class FakeHost implements ExecutionHost {
        final List<SessionEvent> events = new ArrayList<>();
        final List<String> replaced = new ArrayList<>();

        @Override
        public String sessionId() {
            return "s1";
        }

        @Override
        public synchronized void emit(SessionEvent event) {
            events.add(event);
        }

        @Override
        public void replaceChild(String why) {
            replaced.add(why);
        }

        @Override
        public boolean isClosed() {
            return false;
        }

        synchronized List<String> names() {
            return events.stream().map(SessionEvent::name).toList();
        }

        synchronized SessionEvent.ExecutionFinished finished() {
            return (SessionEvent.ExecutionFinished) events.get(events.size() - 1);
        }
    }

    private static FakeChild child(BiConsumer<FakeChild, HostMessage> script) {
        return new FakeChild(script);
    }

    private ExecutionResult run(FakeChild c, ExecuteOptions o) {
        return driver.execute(c, "code", o, false);
    }

    @Test
    void aResultAndItsFenceEndTheExecution() {
        FakeChild c = child((ch, m) -> {
            if (m instanceof HostMessage.Execute ex) {
                ch.finish(ex, FakeChild.value(ex.exec(), "2"));
            }
        });
        ExecutionResult r = run(c, ExecuteOptions.defaults());
        assertEquals(2, r.value().intValue());
        assertEquals("", r.printed(), "the printed form comes through the output marks, none here");
        assertFalse(r.sessionRestarted());
        assertEquals(List.of("execute_start", "execute_end"), host.names());
        assertEquals(SessionEvent.Outcome.OK, host.finished().outcome());
        assertEquals(List.of(), host.replaced);
    }

    @Test
    void theResultWaitsForTheFence() {
        FakeChild c = child((ch, m) -> {
            if (m instanceof HostMessage.Execute ex) {
                ch.message(FakeChild.value(ex.exec(), "2"));
                ch.events.add(new ChildEvent.Fenced("someone-else"));
                ch.events.add(new ChildEvent.Fenced(ex.fence()));
            }
        });
        assertEquals(2, run(c, ExecuteOptions.defaults()).value().intValue());
        assertTrue(c.events.isEmpty());
    }

    @Test
    void aToolCallRunsTheHandlerAndAnswersWithItsValue() {
        FakeChild c = child((ch, m) -> {
            if (m instanceof HostMessage.Execute ex) {
                ch.message(FakeChild.toolCall(ex.exec(), 1, "add", FakeChild.args().put("a", 2).put("b", 3)));
            } else if (m instanceof HostMessage.ToolResult tr) {
                ch.finish(new HostMessage.Execute(tr.exec(), "", fenceOf(ch)), FakeChild.value(tr.exec(),
                        tr.value().toString()));
            }
        });
        ExecutionResult r = run(c, ExecuteOptions.defaults());
        assertEquals(5.0, r.value().doubleValue());
        assertEquals(1, r.toolCalls());
        HostMessage.ToolResult answer = (HostMessage.ToolResult) c.sent().get(1);
        assertTrue(answer.ok());
        assertEquals(1, answer.call());
        assertEquals(List.of("execute_start", "tool_call", "tool_result", "execute_end"), host.names());
    }

    @Test
    void withATimeoutTheToolRunsOnAnotherThreadAndStillAnswers() {
        FakeChild c = child((ch, m) -> {
            if (m instanceof HostMessage.Execute ex) {
                ch.message(FakeChild.toolCall(ex.exec(), 1, "add", FakeChild.args().put("a", 1).put("b", 1)));
            } else if (m instanceof HostMessage.ToolResult tr) {
                ch.finish(new HostMessage.Execute(tr.exec(), "", fenceOf(ch)), FakeChild.value(tr.exec(),
                        tr.value().toString()));
            }
        });
        ExecutionResult r = run(c, ExecuteOptions.builder().timeout(Duration.ofSeconds(5)).build());
        assertEquals(2.0, r.value().doubleValue());
    }

    @Test
    void anUnknownToolIsRefusedAndTheCodeGoesOn() {
        FakeChild c = child((ch, m) -> {
            if (m instanceof HostMessage.Execute ex) {
                ch.message(FakeChild.toolCall(ex.exec(), 1, "rm_rf", FakeChild.args()));
            } else if (m instanceof HostMessage.ToolResult tr) {
                ch.finish(new HostMessage.Execute(tr.exec(), "", fenceOf(ch)),
                        new ChildMessage.Failure(tr.exec(), ChildMessage.Failure.Kind.RUNTIME, tr.error(), null));
            }
        });
        RExecutionException e = assertThrows(RExecutionException.class, () -> run(c, ExecuteOptions.defaults()));
        assertEquals("unknown tool 'rm_rf'", e.rMessage());
        assertFalse(e.processDied());
        assertEquals(SessionEvent.Outcome.R_ERROR, host.finished().outcome());
    }

    @Test
    void tooManyToolCallsFailAfterTheRuntimeReportsBack() {
        FakeChild c = child((ch, m) -> {
            if (m instanceof HostMessage.Execute ex) {
                ch.message(FakeChild.toolCall(ex.exec(), 1, "add", FakeChild.args().put("a", 1).put("b", 1)));
            } else if (m instanceof HostMessage.ToolResult tr && tr.ok()) {
                ch.message(FakeChild.toolCall(tr.exec(), 2, "add", FakeChild.args().put("a", 1).put("b", 1)));
            } else if (m instanceof HostMessage.ToolResult tr) {
                ch.finish(new HostMessage.Execute(tr.exec(), "", fenceOf(ch)),
                        new ChildMessage.Failure(tr.exec(), ChildMessage.Failure.Kind.RUNTIME, tr.error(), null));
            }
        });
        ToolCallLimitException e = assertThrows(ToolCallLimitException.class,
                () -> run(c, ExecuteOptions.builder().maxToolCalls(1).build()));
        assertEquals(1, e.limit());
        assertEquals(SessionEvent.Outcome.TOOL_LIMIT, host.finished().outcome());
    }

    @Test
    void aResultForAnotherExecutionIsAViolationThatReplacesTheChild() {
        FakeChild c = child((ch, m) -> {
            if (m instanceof HostMessage.Execute ex) {
                ch.finish(ex, FakeChild.value(ex.exec() + 1, "666"));
            }
        });
        IpcProtocolException e = assertThrows(IpcProtocolException.class, () -> run(c, ExecuteOptions.defaults()));
        assertEquals("child broke the protocol: unexpected Result during execution 1", e.getMessage());
        assertTrue(e.sessionRestarted());
        assertTrue(c.closed);
        assertEquals(1, host.replaced.size());
        assertEquals(SessionEvent.Outcome.PROTOCOL_ERROR, host.finished().outcome());
    }

    @Test
    void aDecoderViolationReplacesTheChild() {
        FakeChild c = child((ch, m) -> ch.events.add(new ChildEvent.Violation(
                new ProtocolViolationException("child sent a message larger than 1024 bytes"))));
        IpcProtocolException e = assertThrows(IpcProtocolException.class, () -> run(c, ExecuteOptions.defaults()));
        assertEquals("child sent a message larger than 1024 bytes", e.getMessage());
        assertEquals(List.of("protocol violation: child sent a message larger than 1024 bytes"), host.replaced);
    }

    @Test
    void aChildThatDiesMidwayIsReplacedAndTheStateIsLost() {
        FakeChild c = child((ch, m) -> ch.events.add(new ChildEvent.Exited(137)));
        RExecutionException e = assertThrows(RExecutionException.class, () -> run(c, ExecuteOptions.defaults()));
        assertTrue(e.processDied());
        assertTrue(e.sessionRestarted());
        assertEquals("the R process exited during execution (exit status 137); the session was restarted and its "
                + "state is lost", e.rMessage());
        assertEquals(SessionEvent.Outcome.PROCESS_DIED, host.finished().outcome());
    }

    /** The output thread died (an I/O error, an OutOfMemoryError): no end mark will ever come. */
    @Test
    void anExecutionWhoseOutputReaderFailedEndsWithAnExceptionAndAFreshChild() {
        FakeChild c = child((ch, m) -> {
            if (m instanceof HostMessage.Execute ex) {
                ch.message(FakeChild.value(ex.exec(), "2"));
                ch.events.add(new ChildEvent.OutputFailed(new OutOfMemoryError("Java heap space")));
            }
        });
        SecurerException e = assertThrows(SecurerException.class, () -> run(c, ExecuteOptions.defaults()));
        assertEquals("reading R's output failed (java.lang.OutOfMemoryError: Java heap space); the session was "
                + "restarted and its state is lost", e.getMessage());
        assertTrue(e.sessionRestarted());
        assertEquals(List.of("reading R's output failed: java.lang.OutOfMemoryError: Java heap space"), host.replaced);
        assertEquals(SessionEvent.Outcome.FAILED, host.finished().outcome());
    }

    @Test
    void aTimeoutInterruptsThenWaitsForTheAcknowledgement() {
        FakeChild c = child((ch, m) -> {
            if (m instanceof HostMessage.Interrupt in) {
                ch.finish(new HostMessage.Execute(in.exec(), "", fenceOf(ch)), new ChildMessage.Failure(in.exec(),
                        ChildMessage.Failure.Kind.INTERRUPTED, "execution interrupted", null));
                ch.message(new ChildMessage.InterruptAck(in.exec()));
            }
        });
        ExecutionTimeoutException e = assertThrows(ExecutionTimeoutException.class,
                () -> run(c, ExecuteOptions.builder().timeout(Duration.ofMillis(20)).build()));
        assertFalse(e.sessionRestarted());
        assertEquals(1, c.interrupts);
        assertInstanceOf(HostMessage.Interrupt.class, c.sent().get(1));
        assertEquals(List.of(), host.replaced);
        assertEquals(List.of("execute_start", "execute_timeout", "execute_end"), host.names());
    }

    @Test
    void aResultThatRacesTheTimeoutStillNeedsTheAcknowledgement() {
        List<Long> acks = new ArrayList<>();
        FakeChild c = child((ch, m) -> {
            if (m instanceof HostMessage.Interrupt in) {
                // the value was on its way when the interrupt was sent; the ack comes after it
                ch.finish(new HostMessage.Execute(in.exec(), "", fenceOf(ch)), FakeChild.value(in.exec(), "1"));
                ch.message(new ChildMessage.InterruptAck(in.exec()));
                acks.add(in.exec());
            }
        });
        ExecutionTimeoutException e = assertThrows(ExecutionTimeoutException.class,
                () -> run(c, ExecuteOptions.builder().timeout(Duration.ofMillis(20)).build()));
        assertFalse(e.sessionRestarted());
        assertEquals(List.of(1L), acks);
        assertTrue(c.events.isEmpty(), "nothing of this execution may be left for the next one");
    }

    @Test
    void aChildThatIgnoresTheInterruptIsKilledAfterTheGracePeriod() {
        FakeChild c = child((ch, m) -> { });
        ExecutionTimeoutException e = assertThrows(ExecutionTimeoutException.class,
                () -> run(c, ExecuteOptions.builder().timeout(Duration.ofMillis(20)).build()));
        assertTrue(e.sessionRestarted());
        assertTrue(c.closed);
        assertEquals(List.of("R did not answer the interrupt within 200 ms"), host.replaced);
        assertEquals(SessionEvent.Outcome.TIMEOUT, host.finished().outcome());
    }

    @Test
    void aSyntaxErrorIsReportedAsSuch() {
        FakeChild c = child((ch, m) -> {
            if (m instanceof HostMessage.Execute ex) {
                ch.finish(ex, new ChildMessage.Failure(ex.exec(), ChildMessage.Failure.Kind.SYNTAX,
                        "<text>:1:3: unexpected ')'", null));
            }
        });
        RSyntaxException e = assertThrows(RSyntaxException.class, () -> run(c, ExecuteOptions.defaults()));
        assertEquals("<text>:1:3: unexpected ')'", e.parseError());
        assertEquals(SessionEvent.Outcome.SYNTAX_ERROR, host.finished().outcome());
    }

    @Test
    void aRestartBeforeTheCodeRanIsReportedInTheResultAndInExceptions() {
        FakeChild ok = child((ch, m) -> {
            if (m instanceof HostMessage.Execute ex) {
                ch.finish(ex, FakeChild.value(ex.exec(), "1"));
            }
        });
        assertTrue(driver.execute(ok, "1", ExecuteOptions.defaults(), true).sessionRestarted());
        FakeChild failing = child((ch, m) -> {
            if (m instanceof HostMessage.Execute ex) {
                ch.finish(ex, new ChildMessage.Failure(ex.exec(), ChildMessage.Failure.Kind.RUNTIME, "boom", "f()"));
            }
        });
        RExecutionException e = assertThrows(RExecutionException.class,
                () -> driver.execute(failing, "f()", ExecuteOptions.defaults(), true));
        assertTrue(e.sessionRestarted());
        assertFalse(e.processDied());
        assertEquals("f()", e.rCall());
    }

    @Test
    void messagesLeftFromIdleTimeAreAViolation() {
        FakeChild c = child((ch, m) -> { });
        c.message(FakeChild.value(9, "1"));
        assertThrows(IpcProtocolException.class, () -> run(c, ExecuteOptions.defaults()));
        assertTrue(c.closed);
    }

    @Test
    void validateReturnsTheRuntimesVerdict() {
        FakeChild c = child((ch, m) -> {
            if (m instanceof HostMessage.Validate v) {
                ch.message(new ChildMessage.Validation(v.exec(), true, null, List.of("call to 'system' detected")));
            }
        });
        ValidationResult v = driver.validate(c, "system('ls')");
        assertTrue(v.valid());
        assertEquals(List.of("call to 'system' detected"), v.warnings());
    }

    /** The fence of the execute message the fake received first. */
    private static String fenceOf(FakeChild ch) {
        return ((HostMessage.Execute) ch.sent.get(0)).fence();
    }
}
