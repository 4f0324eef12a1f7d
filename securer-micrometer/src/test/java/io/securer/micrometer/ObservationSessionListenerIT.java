package io.securer.micrometer;

import static io.securer.micrometer.Observed.high;
import static io.securer.micrometer.Observed.low;
import static io.securer.micrometer.Observed.named;
import static io.securer.micrometer.Observed.parent;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import io.securer.ArgType;
import io.securer.ExecuteOptions;
import io.securer.ExecutionTimeoutException;
import io.securer.RExecutionException;
import io.securer.SecureSession;
import io.securer.SecurerTool;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The listener on a real sandboxed R session: what one execute, an R error and a timeout look like. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ObservationSessionListenerIT {
    private final TestObservationRegistry registry = TestObservationRegistry.create();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final ObservationSessionListener listener = new ObservationSessionListener(registry, meters);
    private final List<Thread> toolThreads = new CopyOnWriteArrayList<>();
    private SecureSession session;

    private SecurerTool add() {
        return SecurerTool.builder("add").arg("a", ArgType.NUMERIC).arg("b", ArgType.NUMERIC).handler(args -> {
            toolThreads.add(Thread.currentThread());
            return args.getDouble("a") + args.getDouble("b");
        }).build();
    }

    private static SecurerTool weather() {
        return SecurerTool.builder("get_weather").arg("city", ArgType.CHARACTER)
                .handler(args -> Map.of("temp", 72)).build();
    }

    @BeforeAll
    void startSession() {
        session = SecureSession.builder().sandbox(true).sandboxStrict(true).tool(add()).tool(weather())
                .listener(listener).build();
    }

    @AfterAll
    void closeSession() {
        session.close();
    }

    @BeforeEach
    void forgetEarlierObservations() {
        registry.clear();
        toolThreads.clear();
    }

    @Test
    void oneExecuteWithTwoToolCallsIsOneExecuteObservationWithTwoNestedToolCalls() {
        ExecuteOptions chat = ExecuteOptions.builder().callContext("chat-1").build();
        assertEquals(75, session.execute("a <- add(1, 2); w <- get_weather('Boston'); a + w$temp", chat)
                .value().asInt());

        List<Observation.Context> execs = named(registry, "securer.execute");
        assertEquals(1, execs.size());
        Observation.Context exec = execs.get(0);
        assertEquals(Map.of("securer.sandbox", "bubblewrap", "securer.outcome", "success", "securer.error.kind", "none"),
                low(exec));
        assertEquals(session.id(), high(exec).get("securer.session.id"));
        assertEquals("chat-1", high(exec).get("securer.memory.id"));
        assertNull(exec.getError());
        List<Observation.Context> calls = named(registry, "securer.tool.call");
        assertEquals(List.of("add", "get_weather"),
                calls.stream().map(c -> c.getLowCardinalityKeyValue("securer.tool.name").getValue()).toList());
        assertEquals(List.of("1", "2"), calls.stream().map(c -> high(c).get("securer.call")).toList());
        for (Observation.Context call : calls) {
            assertSame(exec, parent(call));
            assertEquals("success", call.getLowCardinalityKeyValue("securer.outcome").getValue());
            assertEquals("bubblewrap", call.getLowCardinalityKeyValue("securer.sandbox").getValue());
        }
        TestObservationRegistryAssert.assertThat(registry).hasObservationWithNameEqualTo("securer.execute").that()
                .hasBeenStopped();
        assertEquals(0, listener.openObservations());
    }

    @Test
    void aFailingExecutionIsTaggedWithItsErrorKindAndCarriesRsMessage() {
        RExecutionException e = assertThrows(RExecutionException.class, () -> session.execute("stop('boom')"));

        Observation.Context exec = named(registry, "securer.execute").get(0);
        assertEquals(Map.of("securer.sandbox", "bubblewrap", "securer.outcome", "error", "securer.error.kind",
                "r_error"), low(exec));
        ObservedFailure failure = assertInstanceOf(ObservedFailure.class, exec.getError());
        assertEquals(e.getMessage(), failure.getMessage());
        assertEquals("R error: boom", failure.getMessage());
    }

    @Test
    void aTimeoutIsTaggedAndMarkedOnTheExecution() {
        assertThrows(ExecutionTimeoutException.class, () -> session.execute("Sys.sleep(5)",
                ExecuteOptions.builder().timeout(Duration.ofMillis(300)).build()));

        TestObservationRegistryAssert.assertThat(registry).hasObservationWithNameEqualTo("securer.execute").that()
                .hasEvent("timeout").hasBeenStopped()
                .hasLowCardinalityKeyValue("securer.outcome", "error")
                .hasLowCardinalityKeyValue("securer.error.kind", "timeout");
        assertEquals(0, listener.openObservations());
    }

    @Test
    void toolCallsRunOnAToolThreadUnderATimeoutStillNestUnderTheirExecution() {
        Thread caller = Thread.currentThread();
        session.execute("add(1, 1); add(2, 2)", ExecuteOptions.builder().timeout(Duration.ofSeconds(30)).build());

        assertEquals(2, toolThreads.size());
        toolThreads.forEach(t -> assertFalse(t == caller, "the handler ran on the caller's thread"));
        Observation.Context exec = named(registry, "securer.execute").get(0);
        List<Observation.Context> calls = named(registry, "securer.tool.call");
        assertEquals(2, calls.size());
        calls.forEach(c -> assertSame(exec, parent(c)));
    }

    @Test
    void aSessionsStartIsTimedAndItsCloseLeavesNothingBehind() {
        TestObservationRegistry own = TestObservationRegistry.create();
        SimpleMeterRegistry ownMeters = new SimpleMeterRegistry();
        ObservationSessionListener l = new ObservationSessionListener(own, ownMeters);
        try (SecureSession s = SecureSession.builder().sandbox(true).sandboxStrict(true).listener(l).build()) {
            s.execute("1");
            assertEquals(1, l.trackedSessions());
        }

        assertEquals(1, ownMeters.get("securer.session.start").tag("securer.sandbox", "bubblewrap").timer().count());
        assertEquals(0, l.trackedSessions());
        assertEquals(0, l.openObservations());
        assertEquals(1, named(own, "securer.execute").size());
    }
}
