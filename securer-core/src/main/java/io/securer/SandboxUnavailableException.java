package io.securer;

/** A sandbox was requested but cannot be had (strict mode, or Windows); the message names the cause. */
public final class SandboxUnavailableException extends SecurerException {
    private static final long serialVersionUID = 1L;

    SandboxUnavailableException(String message) {
        super(message);
    }

    SandboxUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
