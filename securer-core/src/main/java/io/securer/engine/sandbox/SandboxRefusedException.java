package io.securer.engine.sandbox;

/**
 * The requested sandbox cannot be had (strict mode, or an operating system without one). The
 * message names the cause; the session layer reports it as {@code SandboxRefusedException}.
 */
public final class SandboxRefusedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SandboxRefusedException(String message) {
        super(message);
    }
}
