package io.securer;

/** The session (or pool) was closed; no further calls are possible. */
public final class SessionClosedException extends SecurerException {
    private static final long serialVersionUID = 1L;

    public SessionClosedException(String message) {
        super(message);
    }
}
