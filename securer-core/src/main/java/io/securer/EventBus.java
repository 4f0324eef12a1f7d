package io.securer;

import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers one session's events: to the log (INFO when verbose, else DEBUG), to the audit log if
 * configured, then to the configured listeners. A listener that throws is logged and skipped.
 * Thread-safe; {@link #close()} closes the audit log.
 */
final class EventBus implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EventBus.class);

    private final boolean verbose;
    private final List<SessionListener> listeners;
    private final AuditLogWriter audit;

    EventBus(SessionConfig config) {
        this.verbose = config.verbose();
        this.audit = config.auditLog() == null ? null : AuditLogWriter.open(config.auditLog());
        List<SessionListener> all = new ArrayList<>();
        if (audit != null) {
            all.add(audit);
        }
        all.addAll(config.listeners());
        this.listeners = List.copyOf(all);
    }

    void emit(SessionEvent event) {
        EventLog.log(event, verbose);
        for (SessionListener l : listeners) {
            try {
                l.onEvent(event);
            } catch (RuntimeException e) {
                LOG.warn("session listener {} failed on {}: {}", l, event.name(), e.toString());
            }
        }
    }

    @Override
    public void close() {
        if (audit != null) {
            audit.close();
        }
    }
}
