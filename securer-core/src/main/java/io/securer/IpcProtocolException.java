package io.securer;

/**
 * The child broke the protocol (oversized, malformed, forged or flooding messages). The child is
 * treated as hostile: it is killed and the session restarts with a fresh R state.
 */
public final class IpcProtocolException extends SecurerException {
    private static final long serialVersionUID = 1L;

    public IpcProtocolException(String message) {
        super(message);
    }

    public IpcProtocolException(String message, Throwable cause) {
        super(message, cause);
    }
}
