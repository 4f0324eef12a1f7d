package io.securer;

/** A sandbox was required but cannot be set up on this machine; the message names the cause. */
public final class SandboxUnavailableException extends SecurerException {
    private static final long serialVersionUID = 1L;

    public SandboxUnavailableException(String message) {
        super(message);
    }
}
