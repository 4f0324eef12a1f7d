package io.securer.langchain4j;

import io.securer.SecureSession;
import io.securer.SecurerTool;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * One session for every caller. Either the application's own (never closed here; if its child died
 * it is restarted) or one this source built and owns (replaced by a fresh one when it died).
 * Thread-safe; the session serializes executions itself.
 */
final class SingleSessionSource implements SessionSource {
    private final Supplier<SecureSession> factory; // null: the application owns the session
    private final List<SecurerTool> tools;
    private SecureSession session; // guarded by this
    private boolean closed;        // guarded by this

    private SingleSessionSource(SecureSession session, Supplier<SecureSession> factory) {
        this.session = session;
        this.factory = factory;
        this.tools = session.tools();
    }

    static SingleSessionSource shared(SecureSession session) {
        return new SingleSessionSource(Objects.requireNonNull(session, "session"), null);
    }

    /** Starts the session now, so that a missing R or sandbox fails at build time, not in a chat. */
    static SingleSessionSource owned(Supplier<SecureSession> factory) {
        return new SingleSessionSource(factory.get(), factory);
    }

    @Override
    public Lease acquire(Object memoryId) {
        SecureSession s;
        boolean replaced = false;
        synchronized (this) {
            if (closed) {
                throw new io.securer.SessionClosedException("the R code tool is closed");
            }
            if (!session.isAlive()) {
                replaced = true;
                if (factory == null) {
                    session.restart(); // throws SessionClosedException when the application closed it
                } else {
                    SecureSession dead = session;
                    try {
                        dead.close();
                    } catch (RuntimeException ignored) {
                        // it is being replaced; its failure to shut down cleanly changes nothing here
                    }
                    session = factory.get();
                }
            }
            s = session;
        }
        boolean wasReplaced = replaced;
        return Lease.of(s::execute, wasReplaced, () -> { });
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
        SecureSession toClose;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            toClose = factory == null ? null : session;
        }
        if (toClose != null) {
            toClose.close();
        }
    }
}
