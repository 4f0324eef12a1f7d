package io.securer;

/**
 * What an execution needs from its session, and nothing more: report events, replace a child
 * that failed, know whether the session is closed. Implemented by {@link ChildSupervisor}; unit
 * tests of {@link ExecutionDriver} use a fake.
 */
interface ExecutionHost {
    /** The session's id, for events and messages. */
    String sessionId();

    /** Reports an event to the log, the audit log and the listeners. */
    void emit(SessionEvent event);

    /** Replaces the child after {@code why} (it died, broke the protocol, ignored an interrupt). */
    void replaceChild(String why);

    /** True once the session was closed. */
    boolean isClosed();
}
