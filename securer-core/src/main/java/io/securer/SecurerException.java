package io.securer;

/**
 * Root of every exception this library throws. Unchecked: callers catch the subtype that
 * tells them what to do next (fix the code, retry, give up on the session, install R).
 */
public class SecurerException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SecurerException(String message) {
        super(message);
    }

    public SecurerException(String message, Throwable cause) {
        super(message, cause);
    }
}
