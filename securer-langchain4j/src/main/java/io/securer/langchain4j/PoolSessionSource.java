package io.securer.langchain4j;

import io.securer.ExecuteOptions;
import io.securer.ExecutionResult;
import io.securer.PooledSession;
import io.securer.SecureSessionPool;
import io.securer.SecurerTool;
import java.util.List;
import java.util.Objects;

/**
 * Each call leases a session from the application's pool, which gives every caller a fresh R
 * process, so variables do not persist between calls. The pool belongs to
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
        return Lease.of(s::execute, s::close);
    }

    @Override
    public ExecutionResult probe(String code, ExecuteOptions options) {
        try (PooledSession s = pool.lease()) {
            return s.execute(code, options);
        }
    }

    @Override
    public List<SecurerTool> tools() {
        return tools;
    }

    @Override
    public io.securer.SandboxMode sandboxMode() {
        return pool.config().expectedSandboxMode();
    }

    @Override
    public boolean keepsState() {
        return false;
    }

    @Override
    public void close() {
    }
}
