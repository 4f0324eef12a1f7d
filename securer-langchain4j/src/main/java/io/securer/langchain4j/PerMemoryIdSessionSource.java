package io.securer.langchain4j;

import io.securer.ExecuteOptions;
import io.securer.ExecutionResult;
import io.securer.SandboxMode;
import io.securer.SecureSession;
import io.securer.SessionConfig;
import io.securer.SessionStore;
import io.securer.WarmSessions;
import io.securer.SecurerTool;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * One session per chat memory id, so users never share R state. Idle sessions are closed by a
 * daemon sweeper thread (and on every acquire); see {@link SessionCache} for the cap. New chats
 * take a started spare ({@link WarmSessions}); with a {@link SessionStore} each chat's workspace
 * survives eviction, restarts and replicas ({@link ChatSession}). Thread-safe.
 */
final class PerMemoryIdSessionSource implements SessionSource {
    private final SessionCache<ChatSession> cache;
    private final SessionConfig config;
    private final ScheduledExecutorService sweeper;
    private final WarmSessions spares;

    PerMemoryIdSessionSource(SessionConfig config, int maxSessions, Duration idleTimeout, int warmSessions,
                             SessionStore store, long autosaveBytes) {
        this.config = config;
        this.spares = new WarmSessions(config, warmSessions);
        spares.fill();
        this.cache = new SessionCache<>(id -> ChatSession.open(id, spares::take, store, autosaveBytes), maxSessions,
                idleTimeout, System::nanoTime);
        this.sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "securer-rcode-idle-sweeper");
            t.setDaemon(true);
            return t;
        });
        long period = Math.max(1000, Math.min(idleTimeout.toMillis() / 2, 60_000));
        sweeper.scheduleWithFixedDelay(cache::evictIdle, period, period, TimeUnit.MILLISECONDS);
    }

    @Override
    public Lease acquire(Object memoryId) {
        SessionCache<ChatSession>.Handle h;
        try {
            h = cache.acquire(memoryId);
        } catch (SessionCache.FullException e) {
            throw new IllegalStateException("all R sessions are busy serving other conversations; try again shortly", e);
        }
        return new Lease() {
            private StateNote note = StateNote.NONE;

            @Override
            public ExecutionResult execute(String code, ExecuteOptions options) {
                ChatSession.Call call = h.session().execute(code, options);
                note = call.note();
                if (call.failure() != null) {
                    throw call.failure();
                }
                return call.result();
            }

            @Override
            public StateNote stateNote() {
                return note;
            }

            @Override
            public void close() {
                h.close();
            }
        };
    }

    /** The spare sessions (for tests). */
    WarmSessions spares() {
        return spares;
    }

    /** In a session of its own (a spare, closed afterwards): no chat's session is the right one to use. */
    @Override
    public ExecutionResult probe(String code, ExecuteOptions options) {
        try (SecureSession s = spares.take()) {
            return s.execute(code, options);
        }
    }

    @Override
    public List<SecurerTool> tools() {
        return config.tools();
    }

    @Override
    public SandboxMode sandboxMode() {
        return config.expectedSandboxMode();
    }

    @Override
    public boolean keepsState() {
        return true;
    }

    @Override
    public void close() {
        sweeper.shutdownNow();
        try {
            cache.close();
        } finally {
            spares.close();
        }
    }
}
