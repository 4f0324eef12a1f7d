package io.securer;

/** The session (or pool, or lease) is closed. */
public final class SessionClosedException extends SecurerException {
    private static final long serialVersionUID = 1L;

    SessionClosedException(String message) {
        super(message);
    }
}
