package io.securer;

import io.securer.engine.ChildStartException;
import io.securer.engine.ProtocolViolationException;
import io.securer.engine.sandbox.SandboxRefusedException;

/** Translates the engine's exceptions into the public ones at the API boundary. Stateless. */
final class EngineErrors {
    private EngineErrors() {
    }

    static RuntimeException translate(RuntimeException e) {
        if (e instanceof ChildStartException s) {
            if (s.kind() == ChildStartException.Kind.CONFIG) {
                return new IllegalArgumentException(s.getMessage(), s);
            }
            return s.kind() == ChildStartException.Kind.SETUP
                    ? new RuntimeSetupException(s.getMessage(), s)
                    : new SecurerException(s.getMessage(), s);
        }
        if (e instanceof SandboxRefusedException r) {
            return new SandboxUnavailableException(r.getMessage(), r);
        }
        if (e instanceof ProtocolViolationException p) {
            return new IpcProtocolException(p.getMessage(), p);
        }
        return e;
    }
}
