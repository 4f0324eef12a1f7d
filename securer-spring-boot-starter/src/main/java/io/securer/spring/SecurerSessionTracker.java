package io.securer.spring;

import io.securer.SandboxMode;
import io.securer.SessionEvent;
import io.securer.SessionListener;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts the live R sessions built from the starter's {@link io.securer.SessionConfig} (it is one
 * of their listeners), with the sandbox each really runs under, for the health indicator.
 * Thread-safe. Holds one entry per live session; a session dropped without {@code close()} stays
 * counted.
 */
public final class SecurerSessionTracker implements SessionListener {
    private final Map<String, SandboxMode> live = new ConcurrentHashMap<>();

    @Override
    public void onEvent(SessionEvent event) {
        if (event instanceof SessionEvent.SessionStarted s) {
            live.put(s.sessionId(), s.sandbox());
        } else if (event instanceof SessionEvent.SessionClosed c) {
            live.remove(c.sessionId());
        }
    }

    /** Sessions started and not yet closed. */
    public int liveSessions() {
        return live.size();
    }

    /** Live sessions that run without an OS sandbox. */
    public int unsandboxedSessions() {
        return (int) live.values().stream().filter(m -> m == SandboxMode.NONE).count();
    }
}
