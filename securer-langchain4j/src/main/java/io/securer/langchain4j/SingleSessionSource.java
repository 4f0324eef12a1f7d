package io.securer.langchain4j;

import io.securer.ExecuteOptions;
import io.securer.ExecutionResult;
import io.securer.SecureSession;
import io.securer.SecurerTool;
import java.util.List;
import java.util.Objects;

/**
 * One session for every caller: the application's own (never closed here) or one this source
 * built and owns. A session whose R process died restarts itself on the next call and says so in
 * the result. Thread-safe; the session serializes executions itself.
 */
final class SingleSessionSource implements SessionSource {
    private final SecureSession session;
    private final boolean owned;

    private SingleSessionSource(SecureSession session, boolean owned) {
        this.session = Objects.requireNonNull(session, "session");
        this.owned = owned;
    }

    static SingleSessionSource shared(SecureSession session) {
        return new SingleSessionSource(session, false);
    }

    /** Takes ownership of a session started now, so a missing R or sandbox fails at build time. */
    static SingleSessionSource owned(SecureSession session) {
        return new SingleSessionSource(session, true);
    }

    @Override
    public Lease acquire(Object memoryId) {
        return Lease.of(session::execute, () -> { });
    }

    @Override
    public ExecutionResult probe(String code, ExecuteOptions options) {
        return session.execute(code, options);
    }

    @Override
    public List<SecurerTool> tools() {
        return session.tools();
    }

    @Override
    public io.securer.SandboxMode sandboxMode() {
        return session.sandboxMode();
    }

    @Override
    public boolean keepsState() {
        return true;
    }

    @Override
    public void close() {
        if (owned) {
            session.close();
        }
    }
}
