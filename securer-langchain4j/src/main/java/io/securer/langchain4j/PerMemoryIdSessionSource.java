package io.securer.langchain4j;

import io.securer.SecureSession;
import io.securer.SecurerTool;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * One session per chat memory id, so users never share R state. Idle sessions are closed by a
 * daemon sweeper thread (and on every acquire); see {@link SessionCache} for the cap. Thread-safe.
 */
final class PerMemoryIdSessionSource implements SessionSource {
    private final SessionCache<SecureSession> cache;
    private final List<SecurerTool> tools;
    private final ScheduledExecutorService sweeper;

    PerMemoryIdSessionSource(Supplier<SecureSession> factory, List<SecurerTool> tools, int maxSessions,
                             Duration idleTimeout) {
        this.cache = new SessionCache<>(id -> factory.get(), SecureSession::isAlive, maxSessions, idleTimeout,
                System::nanoTime);
        this.tools = List.copyOf(tools);
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
        return Lease.of((code, options) -> h.session().execute(code, options), h.replaced(), h::close);
    }

    @Override
    public List<SecurerTool> tools() {
        return tools;
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
