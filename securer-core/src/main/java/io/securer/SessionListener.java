package io.securer;

/**
 * Receives a session's {@link SessionEvent}s: the hook for metrics, tracing and custom audit
 * trails (the audit log is one such listener). Called synchronously, so keep it fast: execution and
 * tool events on the thread that called {@code execute} (also when the tool's handler runs on a
 * tool thread), session start, restart and close on the thread that started, replaced or closed
 * the session (a pool's or a spare's background thread among them). A listener that throws is logged and otherwise ignored; it never
 * changes what the session does. Implementations must be thread-safe: one listener may serve many
 * sessions.
 */
@FunctionalInterface
public interface SessionListener {
    void onEvent(SessionEvent event);
}
