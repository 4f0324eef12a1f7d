package io.securer.micrometer;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.securer.SessionEvent;
import io.securer.SessionListener;
import io.securer.micrometer.SecurerObservation.HighCardinalityKeys;
import io.securer.micrometer.SecurerObservation.LowCardinalityKeys;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns session events into Micrometer observations (the API Spring Boot and LangChain4j use for
 * metrics and traces): {@code securer.execute} for each execution and {@code securer.tool.call}
 * for each host tool call, nested under its execution; and, given a {@link MeterRegistry}, the
 * {@code securer.session.start} timer. {@link SecurerObservation} lists every name and tag.
 *
 * <p>Register it on the sessions to observe, e.g.
 * {@code SecureSession.builder().listener(new ObservationSessionListener(registry))}, or let the
 * Spring Boot starter do it.
 *
 * <p><b>Nesting.</b> An execution's observation becomes a child of the observation current on the
 * thread that calls {@code execute} (an HTTP request's, say). A tool call's parent is set
 * explicitly, found by session id and execution number, so it nests under its execution whatever
 * thread reports it. The listener opens no scopes: it never changes a thread's current
 * observation.
 *
 * <p><b>State.</b> Per live session it keeps the sandbox mode, the declared tool names and the
 * open execution with its open tool calls. An execution's entries go when it finishes; a tool call
 * still open then (a timeout abandons a hanging tool) is ended as {@code unfinished}; everything of
 * a session goes when it closes. A session dropped without {@code close()} leaves its small
 * entry behind.
 *
 * <p>Thread-safe; one listener may serve any number of sessions. It never throws for an event it
 * cannot place (it ignores it).
 */
public final class ObservationSessionListener implements SessionListener {
    /** Longest memory id kept as a trace attribute, in characters. */
    static final int MAX_MEMORY_ID_CHARS = 128;

    private final ObservationRegistry registry;
    private final MeterRegistry meters;
    private final Map<String, SessionState> sessions = new ConcurrentHashMap<>();

    /** Observations only: session start-ups are not timed. */
    public ObservationSessionListener(ObservationRegistry registry) {
        this(registry, null);
    }

    /**
     * @param registry where the observations go
     * @param meters   where the {@code securer.session.start} timer goes; null for none
     */
    public ObservationSessionListener(ObservationRegistry registry, MeterRegistry meters) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.meters = meters;
    }

    @Override
    public void onEvent(SessionEvent event) {
        if (event instanceof SessionEvent.SessionStarted e) {
            onSessionStarted(e);
        } else if (event instanceof SessionEvent.ExecutionStarted e) {
            onExecutionStarted(e);
        } else if (event instanceof SessionEvent.ToolCallStarted e) {
            onToolCallStarted(e);
        } else if (event instanceof SessionEvent.ToolCallFinished e) {
            onToolCallFinished(e);
        } else if (event instanceof SessionEvent.ExecutionTimedOut e) {
            mark(e.sessionId(), e.exec(), SecurerObservation.Events.TIMEOUT);
        } else if (event instanceof SessionEvent.SessionRestarted e) {
            mark(e.sessionId(), -1, SecurerObservation.Events.RESTART);
        } else if (event instanceof SessionEvent.ExecutionFinished e) {
            onExecutionFinished(e);
        } else if (event instanceof SessionEvent.SessionClosed e) {
            onSessionClosed(e);
        }
    }

    private void onSessionStarted(SessionEvent.SessionStarted e) {
        String sandbox = e.sandbox().label();
        SessionState old = sessions.put(e.sessionId(), new SessionState(sandbox, Set.copyOf(e.tools())));
        if (old != null) {
            old.abandon();
        }
        if (meters != null) {
            Timer.builder(SecurerObservation.SESSION_START)
                    .description("Time to start a session's first R process")
                    .tag(LowCardinalityKeys.SANDBOX.asString(), sandbox)
                    .register(meters)
                    .record(e.startup());
        }
    }

    private void onExecutionStarted(SessionEvent.ExecutionStarted e) {
        SessionState state = sessions.computeIfAbsent(e.sessionId(),
                id -> new SessionState(SecurerObservation.UNKNOWN, Set.of()));
        String memoryId = e.callContext() == null ? null : cut(String.valueOf(e.callContext()));
        synchronized (state) {
            state.endCurrent();
            Observation o = Observation.createNotStarted(SecurerObservation.EXECUTE.getName(), registry)
                    .contextualName(SecurerObservation.EXECUTE.getContextualName())
                    .lowCardinalityKeyValue(LowCardinalityKeys.SANDBOX.asString(), state.sandbox);
            ids(o, e.sessionId(), memoryId, e.exec());
            state.current = new Execution(e.exec(), o.start(), memoryId);
        }
    }

    private void onToolCallStarted(SessionEvent.ToolCallStarted e) {
        SessionState state = sessions.get(e.sessionId());
        if (state == null) {
            return;
        }
        synchronized (state) {
            Execution exec = state.current(e.exec());
            if (exec == null || exec.toolCalls.containsKey(e.call())) {
                return;
            }
            String tool = state.tools.contains(e.tool()) ? e.tool() : SecurerObservation.UNKNOWN;
            Observation o = Observation.createNotStarted(SecurerObservation.TOOL_CALL.getName(), registry)
                    .contextualName(SecurerObservation.TOOL_CALL.getContextualName() + " " + tool)
                    .parentObservation(exec.observation)
                    .lowCardinalityKeyValue(LowCardinalityKeys.SANDBOX.asString(), state.sandbox)
                    .lowCardinalityKeyValue(LowCardinalityKeys.TOOL_NAME.asString(), tool)
                    .highCardinalityKeyValue(HighCardinalityKeys.CALL.asString(), Long.toString(e.call()));
            ids(o, e.sessionId(), exec.memoryId, e.exec());
            exec.toolCalls.put(e.call(), o.start());
        }
    }

    private void onToolCallFinished(SessionEvent.ToolCallFinished e) {
        SessionState state = sessions.get(e.sessionId());
        if (state == null) {
            return;
        }
        synchronized (state) {
            Execution exec = state.current(e.exec());
            Observation o = exec == null ? null : exec.toolCalls.remove(e.call());
            if (o != null) {
                end(o, e.ok() ? SecurerObservation.NO_ERROR : SecurerObservation.TOOL_ERROR, e.error());
            }
        }
    }

    private void onExecutionFinished(SessionEvent.ExecutionFinished e) {
        SessionState state = sessions.get(e.sessionId());
        if (state == null) {
            return;
        }
        synchronized (state) {
            Execution exec = state.current(e.exec());
            if (exec == null) {
                return;
            }
            state.current = null;
            exec.endToolCalls();
            String kind = e.outcome() == SessionEvent.Outcome.OK ? SecurerObservation.NO_ERROR
                    : e.outcome().name().toLowerCase(Locale.ROOT);
            end(exec.observation, kind, e.error());
        }
    }

    private void onSessionClosed(SessionEvent.SessionClosed e) {
        SessionState state = sessions.remove(e.sessionId());
        if (state != null) {
            state.abandon();
        }
    }

    private void mark(String sessionId, long execNumber, Observation.Event event) {
        SessionState state = sessions.get(sessionId);
        if (state == null) {
            return;
        }
        synchronized (state) {
            Execution exec = execNumber < 0 ? state.current : state.current(execNumber);
            if (exec != null) {
                exec.observation.event(event);
            }
        }
    }

    private static void ids(Observation o, String sessionId, String memoryId, long exec) {
        o.highCardinalityKeyValue(HighCardinalityKeys.SESSION_ID.asString(), sessionId);
        o.highCardinalityKeyValue(HighCardinalityKeys.EXECUTION.asString(), Long.toString(exec));
        if (memoryId != null) {
            o.highCardinalityKeyValue(HighCardinalityKeys.MEMORY_ID.asString(), memoryId);
        }
    }

    /** Tags the outcome, records the failure (unless {@code kind} is {@code none}) and stops. */
    private static void end(Observation o, String kind, String message) {
        boolean ok = SecurerObservation.NO_ERROR.equals(kind);
        o.lowCardinalityKeyValue(LowCardinalityKeys.OUTCOME.asString(), ok ? "success" : "error");
        o.lowCardinalityKeyValue(LowCardinalityKeys.ERROR_KIND.asString(), kind);
        if (!ok) {
            o.error(new ObservedFailure(kind, message));
        }
        o.stop();
    }

    private static String cut(String s) {
        return s.length() <= MAX_MEMORY_ID_CHARS ? s : s.substring(0, MAX_MEMORY_ID_CHARS);
    }

    /** Open executions and tool calls held right now (for tests: zero once every session is closed). */
    int openObservations() {
        int n = 0;
        for (SessionState s : sessions.values()) {
            synchronized (s) {
                n += s.current == null ? 0 : 1 + s.current.toolCalls.size();
            }
        }
        return n;
    }

    /** Sessions the listener holds state for. */
    int trackedSessions() {
        return sessions.size();
    }

    @Override
    public String toString() {
        return "ObservationSessionListener[" + registry + "]";
    }

    /** What the listener knows of one live session. Fields other than the finals are guarded by it. */
    private static final class SessionState {
        final String sandbox;
        final Set<String> tools;
        Execution current;

        SessionState(String sandbox, Set<String> tools) {
            this.sandbox = sandbox;
            this.tools = tools;
        }

        Execution current(long exec) {
            return current != null && current.exec == exec ? current : null;
        }

        /** Ends the open execution, if any, as unfinished: its finish event will not come. */
        void endCurrent() {
            if (current != null) {
                Execution e = current;
                current = null;
                e.endToolCalls();
                end(e.observation, SecurerObservation.UNFINISHED, "the execution ended without a finish event");
            }
        }

        synchronized void abandon() {
            endCurrent();
        }
    }

    /** One open execution. Its tool call map is guarded by the session's state. */
    private static final class Execution {
        final long exec;
        final Observation observation;
        final String memoryId;
        final Map<Long, Observation> toolCalls = new HashMap<>();

        Execution(long exec, Observation observation, String memoryId) {
            this.exec = exec;
            this.observation = observation;
            this.memoryId = memoryId;
        }

        void endToolCalls() {
            List<Observation> open = new ArrayList<>(toolCalls.values());
            toolCalls.clear();
            for (Observation o : open) {
                end(o, SecurerObservation.UNFINISHED, "the execution ended before the tool call finished");
            }
        }
    }
}
