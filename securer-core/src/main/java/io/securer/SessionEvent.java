package io.securer;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Something that happened in a session, as {@link SessionListener}s and the audit log see it. One
 * record type per event, each with fixed fields; text that came from the child (code, tool
 * arguments, error messages) is already cut to a bound, with its original length kept.
 *
 * <p>{@link #name()} is the event's name in the audit log ({@code docs/sessions-and-tools.md}
 * lists every event with its fields and worst-case size).
 */
public sealed interface SessionEvent {
    /** Longest code kept in {@link ExecutionStarted#code()}, in characters. */
    int MAX_CODE_CHARS = 10_000;
    /** Longest tool arguments JSON kept in {@link ToolCallStarted#args()}, in characters. */
    int MAX_ARGS_CHARS = 4_000;
    /** Longest error message or reason kept, in characters. */
    int MAX_TEXT_CHARS = 2_000;
    /** Longest tool name kept (a hostile child may send any name), in characters. */
    int MAX_NAME_CHARS = 128;

    /** The id of the session ({@link SecureSession#id()}). */
    String sessionId();

    /** When it happened. */
    Instant at();

    /** The event's name in the audit log, e.g. {@code execute_start}. */
    String name();

    /** How an execution ended; the error kind in logs and metrics. */
    enum Outcome {
        /** A value came back. */
        OK,
        /** The R code raised an error. */
        R_ERROR,
        /** The code did not parse. */
        SYNTAX_ERROR,
        /** The timeout passed (R interrupted, or killed when it did not answer). */
        TIMEOUT,
        /** Too many host tool calls. */
        TOOL_LIMIT,
        /** The child broke the protocol and was replaced. */
        PROTOCOL_ERROR,
        /** The R process died while running the code. */
        PROCESS_DIED,
        /** The session was closed while the code ran. */
        CLOSED,
        /** Anything else (the caller's thread was interrupted, the output reader failed). */
        FAILED
    }

    /** The session's first child is running. {@code sandbox} is what it really runs under. */
    record SessionStarted(String sessionId, Instant at, SandboxMode sandbox, List<String> tools, long pid,
                          Duration startup) implements SessionEvent {
        public SessionStarted {
            tools = List.copyOf(tools);
        }

        @Override
        public String name() {
            return "session_start";
        }
    }

    /** A sandbox was requested but the child runs without one (non-strict mode). */
    record SandboxFallback(String sessionId, Instant at, String reason) implements SessionEvent {
        @Override
        public String name() {
            return "sandbox_fallback";
        }
    }

    /** The child was replaced by a fresh one; R state is gone. */
    record SessionRestarted(String sessionId, Instant at, String reason, long pid) implements SessionEvent {
        @Override
        public String name() {
            return "session_restart";
        }
    }

    /** The session was closed. */
    record SessionClosed(String sessionId, Instant at, long executions) implements SessionEvent {
        @Override
        public String name() {
            return "session_close";
        }
    }

    /**
     * An execution began. {@code code} is cut at {@link #MAX_CODE_CHARS}; {@code codeLength} is the
     * original length. {@code callContext} is {@link ExecuteOptions#callContext()} (e.g. a chat's
     * memory id), or null.
     */
    record ExecutionStarted(String sessionId, Instant at, long exec, String code, int codeLength,
                            Object callContext) implements SessionEvent {
        @Override
        public String name() {
            return "execute_start";
        }
    }

    /** The execution's timeout passed and R was sent an interrupt; {@link ExecutionFinished} follows. */
    record ExecutionTimedOut(String sessionId, Instant at, long exec, Duration timeout) implements SessionEvent {
        @Override
        public String name() {
            return "execute_timeout";
        }
    }

    /**
     * An execution ended. {@code error} is null for {@link Outcome#OK}, else the (cut) message;
     * {@code rClass} is the value's class for {@code OK}, else empty.
     */
    record ExecutionFinished(String sessionId, Instant at, long exec, Outcome outcome, String error,
                             Duration elapsed, int toolCalls, List<String> rClass) implements SessionEvent {
        public ExecutionFinished {
            rClass = List.copyOf(rClass);
        }

        @Override
        public String name() {
            return "execute_end";
        }
    }

    /** Code was refused before it ran (too long, hook, execution limit); it has no execution number. */
    record ExecutionRejected(String sessionId, Instant at, String reason) implements SessionEvent {
        @Override
        public String name() {
            return "execute_rejected";
        }
    }

    /**
     * R code called a host tool. {@code args} is the JSON R sent, cut at {@link #MAX_ARGS_CHARS};
     * {@code argsLength} is its original length. Unknown tools are reported too (the host refuses them).
     */
    record ToolCallStarted(String sessionId, Instant at, long exec, long call, String tool, String args,
                           int argsLength) implements SessionEvent {
        @Override
        public String name() {
            return "tool_call";
        }
    }

    /** A host tool call ended: {@code ok}, or refused/failed with {@code error}. */
    record ToolCallFinished(String sessionId, Instant at, long exec, long call, String tool, boolean ok, String error,
                            Duration elapsed) implements SessionEvent {
        @Override
        public String name() {
            return "tool_result";
        }
    }
}
