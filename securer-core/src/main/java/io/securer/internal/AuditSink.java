package io.securer.internal;

import java.util.Map;

/** Receives a session's audit events. Implementations must be thread-safe and must not throw. */
public interface AuditSink extends AutoCloseable {
    AuditSink NONE = new AuditSink() {
        @Override
        public void record(String sessionId, String event, Map<String, Object> fields) {
        }

        @Override
        public void close() {
        }
    };

    void record(String sessionId, String event, Map<String, Object> fields);

    @Override
    void close();
}
