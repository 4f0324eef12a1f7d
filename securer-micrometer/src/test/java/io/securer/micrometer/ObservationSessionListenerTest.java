package io.securer.micrometer;

import static io.securer.micrometer.Observed.high;
import static io.securer.micrometer.Observed.low;
import static io.securer.micrometer.Observed.named;
import static io.securer.micrometer.Observed.parent;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import io.securer.SandboxMode;
import io.securer.SessionEvent;
import io.securer.SessionEvent.Outcome;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The listener on hand-made events: names, tags, nesting, errors and the state it keeps. No R. */
class ObservationSessionListenerTest {
    private static final String S = "s1";
    private static final Instant T = Instant.parse("2025-01-01T00:00:00Z");

    private final TestObservationRegistry registry = TestObservationRegistry.create();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final ObservationSessionListener listener = new ObservationSessionListener(registry, meters);

    private void started(String session, SandboxMode mode, String... tools) {
        listener.onEvent(new SessionEvent.SessionStarted(session, T, mode, List.of(tools), 4242, Duration.ofMillis(1234)));
    }

    private void execStarted(long exec, Object memoryId) {
        listener.onEvent(new SessionEvent.ExecutionStarted(S, T, exec, "x", 1, memoryId));
    }

    private void toolStarted(long exec, long call, String tool) {
        listener.onEvent(new SessionEvent.ToolCallStarted(S, T, exec, call, tool, "{}", 2));
    }

    private void toolFinished(long exec, long call, String tool, String error) {
        listener.onEvent(new SessionEvent.ToolCallFinished(S, T, exec, call, tool, error == null, error,
                Duration.ofMillis(3)));
    }

    private void execFinished(long exec, Outcome outcome, String error) {
        listener.onEvent(new SessionEvent.ExecutionFinished(S, T, exec, outcome, error, Duration.ofMillis(9), 0,
                List.of()));
    }

    private static Map<String, String> toolTags(String tool, String outcome, String kind) {
        return Map.of("securer.sandbox", "bubblewrap", "securer.tool.name", tool, "securer.outcome", outcome,
                "securer.error.kind", kind);
    }

    @Test
    void anExecuteWithTwoToolCallsIsOneExecuteObservationWithTwoChildToolCalls() {
        started(S, SandboxMode.BUBBLEWRAP, "add", "get_weather");
        execStarted(1, "chat-7");
        toolStarted(1, 1, "add");
        toolFinished(1, 1, "add", null);
        toolStarted(1, 2, "get_weather");
        toolFinished(1, 2, "get_weather", null);
        execFinished(1, Outcome.OK, null);

        assertEquals(List.of("securer.execute", "securer.tool.call", "securer.tool.call"),
                Observed.contexts(registry).stream().map(Observation.Context::getName).toList());
        Observation.Context exec = named(registry, "securer.execute").get(0);
        assertEquals("securer execute", exec.getContextualName());
        assertEquals(Map.of("securer.sandbox", "bubblewrap", "securer.outcome", "success", "securer.error.kind", "none"),
                low(exec));
        assertEquals(Map.of("securer.session.id", S, "securer.memory.id", "chat-7", "securer.execution", "1"),
                high(exec));
        assertNull(exec.getError());
        List<Observation.Context> calls = named(registry, "securer.tool.call");
        assertEquals(toolTags("add", "success", "none"), low(calls.get(0)));
        assertEquals(toolTags("get_weather", "success", "none"), low(calls.get(1)));
        assertEquals(Map.of("securer.session.id", S, "securer.memory.id", "chat-7", "securer.execution", "1",
                "securer.call", "2"), high(calls.get(1)));
        assertEquals(List.of("securer tool add", "securer tool get_weather"),
                calls.stream().map(Observation.Context::getContextualName).toList());
        calls.forEach(c -> assertSame(exec, parent(c)));
        TestObservationRegistryAssert.assertThat(registry)
                .forAllObservationsWithNameEqualTo("securer.tool.call", c -> c.doesNotHaveError());
        assertEquals(0, listener.openObservations());
    }

    @Test
    void aFailingExecutionCarriesItsErrorKindAndMessage() {
        started(S, SandboxMode.NONE);
        execStarted(1, null);
        execFinished(1, Outcome.R_ERROR, "object 'x' not found");

        Observation.Context exec = named(registry, "securer.execute").get(0);
        assertEquals(Map.of("securer.sandbox", "none", "securer.outcome", "error", "securer.error.kind", "r_error"),
                low(exec));
        assertEquals(Map.of("securer.session.id", S, "securer.execution", "1"), high(exec));
        ObservedFailure failure = assertInstanceOf(ObservedFailure.class, exec.getError());
        assertEquals("object 'x' not found", failure.getMessage());
        assertEquals("r_error", failure.kind());
    }

    @Test
    void aTimeoutMarksTheExecutionAndEndsTheToolCallItAbandoned() {
        started(S, SandboxMode.BUBBLEWRAP, "hang");
        execStarted(1, "m");
        toolStarted(1, 1, "hang");
        listener.onEvent(new SessionEvent.ExecutionTimedOut(S, T, 1, Duration.ofMillis(500)));
        execFinished(1, Outcome.TIMEOUT, "R execution timed out after 500 ms");

        TestObservationRegistryAssert.assertThat(registry).hasObservationWithNameEqualTo("securer.execute").that()
                .hasEvent("timeout").hasBeenStopped()
                .hasLowCardinalityKeyValue("securer.error.kind", "timeout");
        Observation.Context call = named(registry, "securer.tool.call").get(0);
        assertEquals(toolTags("hang", "error", "unfinished"), low(call));
        assertEquals("the execution ended before the tool call finished", call.getError().getMessage());
        assertEquals(0, listener.openObservations());
    }

    @Test
    void toolEventsFromAnotherThreadNestUnderTheirExecutionNotUnderThatThreadsObservation() throws Exception {
        started(S, SandboxMode.BUBBLEWRAP, "add");
        Observation request = Observation.start("http.server.requests", registry);
        request.scoped(() -> execStarted(1, "m"));
        Thread toolThread = new Thread(() -> {
            Observation other = Observation.start("unrelated", registry);
            other.scoped(() -> {
                toolStarted(1, 1, "add");
                toolFinished(1, 1, "add", "tool 'add' failed: boom");
            });
            other.stop();
        });
        toolThread.start();
        toolThread.join();
        execFinished(1, Outcome.OK, null);
        request.stop();

        Observation.Context exec = named(registry, "securer.execute").get(0);
        assertSame(request.getContext(), parent(exec));
        Observation.Context call = named(registry, "securer.tool.call").get(0);
        assertSame(exec, parent(call));
        assertEquals(toolTags("add", "error", "tool_error"), low(call));
        assertEquals("tool 'add' failed: boom", call.getError().getMessage());
    }

    @Test
    void toolNamesTheSessionDidNotDeclareAreTaggedUnknown() {
        started(S, SandboxMode.BUBBLEWRAP, "add");
        execStarted(1, null);
        toolStarted(1, 1, "made_up_name_42");
        toolFinished(1, 1, "made_up_name_42", "unknown tool 'made_up_name_42'");
        execFinished(1, Outcome.OK, null);

        Observation.Context call = named(registry, "securer.tool.call").get(0);
        assertEquals(toolTags("unknown", "error", "tool_error"), low(call));
        assertEquals("securer tool unknown", call.getContextualName());
    }

    @Test
    void closingASessionEndsItsOpenExecutionAndForgetsTheSession() {
        started(S, SandboxMode.BUBBLEWRAP, "add");
        execStarted(1, null);
        toolStarted(1, 1, "add");
        listener.onEvent(new SessionEvent.SessionClosed(S, T, 1));

        assertEquals(Map.of("securer.sandbox", "bubblewrap", "securer.outcome", "error", "securer.error.kind",
                "unfinished"), low(named(registry, "securer.execute").get(0)));
        assertEquals(toolTags("add", "error", "unfinished"), low(named(registry, "securer.tool.call").get(0)));
        TestObservationRegistryAssert.assertThat(registry)
                .forAllObservationsWithNameEqualTo("securer.execute", c -> c.hasError())
                .forAllObservationsWithNameEqualTo("securer.tool.call", c -> c.hasError());
        assertEquals(0, listener.openObservations());
        assertEquals(0, listener.trackedSessions());
    }

    @Test
    void anExecutionWithoutAFinishEventEndsWhenTheSessionStartsTheNext() {
        started(S, SandboxMode.NONE);
        execStarted(1, null);
        execStarted(2, null);
        execFinished(2, Outcome.OK, null);

        List<Observation.Context> execs = named(registry, "securer.execute");
        assertEquals(List.of("unfinished", "none"),
                execs.stream().map(c -> c.getLowCardinalityKeyValue("securer.error.kind").getValue()).toList());
        assertEquals(0, listener.openObservations());
    }

    @Test
    void aRestartDuringAnExecutionIsMarkedOnIt() {
        started(S, SandboxMode.NONE);
        execStarted(1, null);
        listener.onEvent(new SessionEvent.SessionRestarted(S, T, "the R process had died", 4343));
        execFinished(1, Outcome.PROCESS_DIED, "R error: the R process exited during execution");

        TestObservationRegistryAssert.assertThat(registry).hasObservationWithNameEqualTo("securer.execute").that()
                .hasEvent("restart").hasLowCardinalityKeyValue("securer.error.kind", "process_died");
    }

    @Test
    void eventsOfExecutionsTheListenerDoesNotHoldAreIgnored() {
        started(S, SandboxMode.NONE);
        toolStarted(7, 1, "add");
        toolFinished(7, 1, "add", null);
        execFinished(7, Outcome.OK, null);
        listener.onEvent(new SessionEvent.ToolCallStarted("other", T, 1, 1, "add", "{}", 2));

        TestObservationRegistryAssert.assertThat(registry).doesNotHaveAnyObservation();
    }

    @Test
    void aSessionStartIsTimedWithItsStartupAndSandboxMode() {
        started(S, SandboxMode.BUBBLEWRAP);
        started("s2", SandboxMode.NONE);

        Timer sandboxed = meters.get("securer.session.start").tag("securer.sandbox", "bubblewrap").timer();
        assertEquals(1, sandboxed.count());
        assertEquals(1234.0, sandboxed.totalTime(TimeUnit.MILLISECONDS));
        assertEquals(1, meters.get("securer.session.start").tag("securer.sandbox", "none").timer().count());
        TestObservationRegistryAssert.assertThat(registry).doesNotHaveAnyObservation();
    }

    @Test
    void longMemoryIdsAreCutForTraces() {
        started(S, SandboxMode.NONE);
        execStarted(1, "m".repeat(500));
        execFinished(1, Outcome.OK, null);

        assertEquals("m".repeat(ObservationSessionListener.MAX_MEMORY_ID_CHARS),
                named(registry, "securer.execute").get(0).getHighCardinalityKeyValue("securer.memory.id").getValue());
    }
}
