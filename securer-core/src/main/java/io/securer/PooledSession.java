package io.securer;

import java.util.List;
import java.util.Objects;

/**
 * A session leased from a {@link SecureSessionPool} for several calls. Close it to give it back
 * (idempotent); after that every call throws {@link SessionClosedException}. Use it from one
 * thread at a time, like any lease; the underlying session is still serialized.
 */
public final class PooledSession implements AutoCloseable {
    private final SecureSessionPool pool;
    private final SecureSession session;
    private volatile boolean returned;
    private final SessionFiles files = new SessionFiles(this::live);

    PooledSession(SecureSessionPool pool, SecureSession session) {
        this.pool = pool;
        this.session = session;
    }

    public ExecutionResult execute(String code) {
        return live().execute(code);
    }

    public ExecutionResult execute(String code, ExecuteOptions options) {
        return live().execute(code, options);
    }

    public ValidationResult validate(String code) {
        return live().validate(code);
    }

    /** See {@link SecureSession#assign(String, DataFrame)}. */
    public void assign(String name, DataFrame frame) {
        live().assign(name, frame);
    }

    /** See {@link SecureSession#getDataFrame(String)}. */
    public DataFrame getDataFrame(String rExpression) {
        return live().getDataFrame(rExpression);
    }

    /** The files of this lease's working directory; unusable once the lease is returned. */
    public SessionFiles files() {
        return files;
    }

    /** The tools the pooled sessions offer. */
    public List<SecurerTool> tools() {
        return session.tools();
    }

    private SecureSession live() {
        if (returned) {
            throw new SessionClosedException("this lease was returned to the pool");
        }
        return session;
    }

    /** Returns the session to the pool. */
    @Override
    public void close() {
        if (!returned) {
            returned = true;
            pool.release(session);
        }
    }

    @Override
    public String toString() {
        return "PooledSession[" + (returned ? "returned" : Objects.toString(session)) + "]";
    }
}
