package io.securer.engine;


/**
 * The child broke the protocol: malformed, oversized or out-of-turn messages, a wrong token.
 * Everything the child sends is untrusted, so this is an expected outcome, not a bug. The session
 * layer replaces the child and reports {@code IpcProtocolException}.
 */
public final class ProtocolViolationException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ProtocolViolationException(String message) {
        super(message);
    }
}
