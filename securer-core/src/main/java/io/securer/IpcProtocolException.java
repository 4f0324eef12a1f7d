package io.securer;

/** The child broke the protocol (malformed, oversized or out-of-turn messages); it was replaced. */
public final class IpcProtocolException extends SecurerException {
    private static final long serialVersionUID = 1L;

    IpcProtocolException(String message) {
        super(message);
    }

    IpcProtocolException(String message, Throwable cause) {
        super(message, cause);
    }
}
