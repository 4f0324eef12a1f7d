package io.securer.langchain4j;

import io.securer.ExecuteOptions;
import io.securer.ExecutionResult;
import io.securer.SandboxMode;
import io.securer.SecureSession;
import io.securer.SessionConfig;
import io.securer.SecurerTool;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * One session per chat memory id, so users never share R state. Idle sessions are closed by a
 * daemon sweeper thread (and on every acquire); see {@link SessionCache} for the cap. Thread-safe.
 */
final class PerMemoryIdSessionSource implements SessionSource {
    private final SessionCache<SecureSession> cache;
    private final SessionConfig config;
    private final ScheduledExecutorService sweeper;

    PerMemoryIdSessionSource(SessionConfig config, int maxSessions, Duration idleTimeout) {
        this.config = config;
        this.cache = new SessionCache<>(id -> SecureSession.start(config), maxSessions, idleTimeout, System::nanoTime);
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
        SessionCache<SecureSession>.Handle h;
        try {
            h = cache.acquire(memoryId);
        } catch (SessionCache.FullException e) {
            throw new IllegalStateException("all R sessions are busy serving other conversations; try again shortly", e);
        }
        return Lease.of((code, options) -> h.session().execute(code, options), h::close);
    }

    /** In a session of its own, started and closed here: no chat's session is the right one to use. */
    @Override
    public ExecutionResult probe(String code, ExecuteOptions options) {
        try (SecureSession s = SecureSession.start(config)) {
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
        cache.close();
    }
}
