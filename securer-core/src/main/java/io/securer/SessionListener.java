package io.securer;

/**
 * Receives a session's {@link SessionEvent}s: the hook for metrics, tracing and custom audit
 * trails (the audit log is one such listener). Called synchronously on the thread where the event
 * happens — the caller's thread for most events, a tool thread for tool events of executions with
 * a timeout — so keep it fast. A listener that throws is logged and otherwise ignored; it never
 * changes what the session does. Implementations must be thread-safe: one listener may serve many
 * sessions.
 */
@FunctionalInterface
public interface SessionListener {
    void onEvent(SessionEvent event);
}
