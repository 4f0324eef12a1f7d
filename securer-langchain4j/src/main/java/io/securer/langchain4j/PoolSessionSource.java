package io.securer.langchain4j;

import io.securer.PooledSession;
import io.securer.SecureSessionPool;
import io.securer.SecurerTool;
import java.util.List;
import java.util.Objects;

/**
 * Each call leases a session from the application's pool (which restarts dead sessions itself).
 * Calls may land on different sessions, so variables do not reliably persist. The pool belongs to
 * the application and is never closed here. Thread-safe.
 */
final class PoolSessionSource implements SessionSource {
    private final SecureSessionPool pool;
    private final List<SecurerTool> tools;

    PoolSessionSource(SecureSessionPool pool) {
        this.pool = Objects.requireNonNull(pool, "pool");
        this.tools = pool.tools();
    }

    @Override
    public Lease acquire(Object memoryId) {
        PooledSession s = pool.lease();
        return Lease.of(s::execute, false, s::close);
    }

    @Override
    public List<SecurerTool> tools() {
        return tools;
    }

    @Override
    public boolean keepsState() {
        return false;
    }

    @Override
    public void close() {
    }
}
