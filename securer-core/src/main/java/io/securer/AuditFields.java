package io.securer;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The audit log's fields for each {@link SessionEvent}: one fixed set per event type, in snake
 * case, documented in docs/sessions-and-tools.md with each event's largest possible line. Every
 * text field is cut here to its bound again (whoever built the event), so that line size is a
 * property of this class alone: see {@link #MAX_LINE_BYTES}. Stateless.
 */
final class AuditFields {
    /** Class names kept in execute_end, at most {@link SessionEvent#MAX_NAME_CHARS} each. */
    static final int MAX_CLASSES = 16;
    /**
     * The largest line the audit log writes for any event, in bytes, newline included: execute_start
     * with 10 000 characters of code that JSON must write as six-byte escapes. Lines of child
     * events are smaller: tool_call at most {@link #MAX_TOOL_CALL_BYTES}, execute_end at most
     * {@link #MAX_EXECUTE_END_BYTES}. AuditFieldsTest checks these against worst-case content.
     */
    static final int MAX_LINE_BYTES = 62_000;
    /** Largest tool_call line: a 128-character tool name and 4 000 characters of arguments. */
    static final int MAX_TOOL_CALL_BYTES = 26_000;
    /** Largest execute_end line: a 2 000-character error and 16 class names of 128 characters. */
    static final int MAX_EXECUTE_END_BYTES = 26_000;

    private AuditFields() {
    }

    private static String text(String s) {
        return Bounded.cut(s, SessionEvent.MAX_TEXT_CHARS);
    }

    private static String name(String s) {
        return Bounded.cut(s, SessionEvent.MAX_NAME_CHARS);
    }

    static void put(ObjectNode o, SessionEvent event) {
        if (event instanceof SessionEvent.SessionStarted e) {
            o.put("sandbox", e.sandbox().label());
            e.tools().forEach(o.putArray("tools")::add);
            o.put("pid", e.pid());
            o.put("startup_ms", millis(e.startup()));
        } else if (event instanceof SessionEvent.SandboxFallback e) {
            o.put("reason", text(e.reason()));
        } else if (event instanceof SessionEvent.SessionRestarted e) {
            o.put("reason", text(e.reason()));
            o.put("pid", e.pid());
        } else if (event instanceof SessionEvent.SessionClosed e) {
            o.put("executions", e.executions());
        } else if (event instanceof SessionEvent.ExecutionStarted e) {
            o.put("exec", e.exec());
            o.put("code", Bounded.cut(e.code(), SessionEvent.MAX_CODE_CHARS));
            o.put("code_length", e.codeLength());
            o.put("context", e.callContext() == null ? null : name(String.valueOf(e.callContext())));
        } else if (event instanceof SessionEvent.ExecutionTimedOut e) {
            o.put("exec", e.exec());
            o.put("timeout_ms", e.timeout().toMillis());
        } else if (event instanceof SessionEvent.ExecutionFinished e) {
            o.put("exec", e.exec());
            o.put("outcome", e.outcome().name().toLowerCase(java.util.Locale.ROOT));
            o.put("error", text(e.error()));
            o.put("elapsed_ms", millis(e.elapsed()));
            o.put("tool_calls", e.toolCalls());
            Bounded.cut(e.rClass(), MAX_CLASSES, SessionEvent.MAX_NAME_CHARS).forEach(o.putArray("class")::add);
        } else if (event instanceof SessionEvent.ExecutionRejected e) {
            o.put("reason", text(e.reason()));
        } else if (event instanceof SessionEvent.ToolCallStarted e) {
            o.put("exec", e.exec());
            o.put("call", e.call());
            o.put("tool", name(e.tool()));
            o.put("args", Bounded.cut(e.args(), SessionEvent.MAX_ARGS_CHARS));
            o.put("args_length", e.argsLength());
        } else if (event instanceof SessionEvent.ToolCallFinished e) {
            o.put("exec", e.exec());
            o.put("call", e.call());
            o.put("tool", name(e.tool()));
            o.put("ok", e.ok());
            o.put("error", text(e.error()));
            o.put("elapsed_ms", millis(e.elapsed()));
        }
    }

    private static double millis(java.time.Duration d) {
        return d.toNanos() / 1e6;
    }
}
