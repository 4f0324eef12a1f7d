package io.securer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One readable log line per {@link SessionEvent}: INFO when the session is verbose, else DEBUG; a
 * sandbox fallback is always a warning. Stateless.
 */
final class EventLog {
    private static final Logger LOG = LoggerFactory.getLogger(SecureSession.class);

    private EventLog() {
    }

    static void log(SessionEvent event, boolean verbose) {
        if (event instanceof SessionEvent.SandboxFallback f) {
            LOG.warn("session {} runs WITHOUT a sandbox: {}", f.sessionId(), f.reason());
            return;
        }
        if (verbose ? !LOG.isInfoEnabled() : !LOG.isDebugEnabled()) {
            return;
        }
        String line = "session " + event.sessionId() + " " + describe(event);
        if (verbose) {
            LOG.info(line);
        } else {
            LOG.debug(line);
        }
    }

    static String describe(SessionEvent event) {
        if (event instanceof SessionEvent.SessionStarted e) {
            return "started: pid " + e.pid() + ", sandbox " + e.sandbox().label();
        } else if (event instanceof SessionEvent.SessionRestarted e) {
            return "restarted (" + e.reason() + "): pid " + e.pid();
        } else if (event instanceof SessionEvent.SessionClosed) {
            return "closed";
        } else if (event instanceof SessionEvent.ExecutionStarted e) {
            return "execute #" + e.exec() + ": " + e.codeLength() + " chars";
        } else if (event instanceof SessionEvent.ExecutionTimedOut e) {
            return "execute #" + e.exec() + " timed out after " + e.timeout().toMillis() + " ms; interrupting R";
        } else if (event instanceof SessionEvent.ExecutionFinished e) {
            return e.outcome() == SessionEvent.Outcome.OK ? "execute #" + e.exec() + " done in " + e.elapsed().toMillis() + " ms"
                    : "execute #" + e.exec() + " failed (" + e.outcome() + "): " + e.error();
        } else if (event instanceof SessionEvent.ExecutionRejected e) {
            return "rejected code: " + e.reason();
        } else if (event instanceof SessionEvent.ToolCallStarted e) {
            return "tool call " + e.tool() + "(" + e.args() + ")";
        } else if (event instanceof SessionEvent.ToolCallFinished e) {
            return "tool result #" + e.call() + ": " + (e.ok() ? "ok" : e.error());
        }
        return event.toString();
    }
}
