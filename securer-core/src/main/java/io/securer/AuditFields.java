package io.securer;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The audit log's fields for each {@link SessionEvent}: one fixed set per event type, in snake
 * case, documented in docs/sessions-and-tools.md (a test checks the two agree). Stateless.
 */
final class AuditFields {
    private AuditFields() {
    }

    static void put(ObjectNode o, SessionEvent event) {
        if (event instanceof SessionEvent.SessionStarted e) {
            o.put("sandbox", e.sandbox().label());
            e.tools().forEach(o.putArray("tools")::add);
            o.put("pid", e.pid());
            o.put("startup_ms", millis(e.startup()));
        } else if (event instanceof SessionEvent.SandboxFallback e) {
            o.put("reason", e.reason());
        } else if (event instanceof SessionEvent.SessionRestarted e) {
            o.put("reason", e.reason());
            o.put("pid", e.pid());
        } else if (event instanceof SessionEvent.SessionClosed e) {
            o.put("executions", e.executions());
        } else if (event instanceof SessionEvent.ExecutionStarted e) {
            o.put("exec", e.exec());
            o.put("code", e.code());
            o.put("code_length", e.codeLength());
            o.put("context", e.callContext() == null ? null
                    : Bounded.cut(String.valueOf(e.callContext()), SessionEvent.MAX_NAME_CHARS));
        } else if (event instanceof SessionEvent.ExecutionTimedOut e) {
            o.put("exec", e.exec());
            o.put("timeout_ms", e.timeout().toMillis());
        } else if (event instanceof SessionEvent.ExecutionFinished e) {
            o.put("exec", e.exec());
            o.put("outcome", e.outcome().name().toLowerCase(java.util.Locale.ROOT));
            o.put("error", e.error());
            o.put("elapsed_ms", millis(e.elapsed()));
            o.put("tool_calls", e.toolCalls());
            e.rClass().forEach(o.putArray("class")::add);
        } else if (event instanceof SessionEvent.ExecutionRejected e) {
            o.put("reason", e.reason());
        } else if (event instanceof SessionEvent.ToolCallStarted e) {
            o.put("exec", e.exec());
            o.put("call", e.call());
            o.put("tool", e.tool());
            o.put("args", e.args());
            o.put("args_length", e.argsLength());
        } else if (event instanceof SessionEvent.ToolCallFinished e) {
            o.put("exec", e.exec());
            o.put("call", e.call());
            o.put("tool", e.tool());
            o.put("ok", e.ok());
            o.put("error", e.error());
            o.put("elapsed_ms", millis(e.elapsed()));
        }
    }

    private static double millis(java.time.Duration d) {
        return d.toNanos() / 1e6;
    }
}
