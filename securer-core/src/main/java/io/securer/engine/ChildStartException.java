package io.securer.engine;

/**
 * A child could not be started. {@link #kind()} tells the session layer which public exception
 * to raise: R or one of its packages is missing ({@link Kind#SETUP}), or the start failed for
 * another reason (the message then carries the tail of what R printed).
 */
public final class ChildStartException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Why the start failed. */
    public enum Kind {
        /** R, or an R package the runtime needs, is missing; the message says what to install. */
        SETUP,
        /** The runtime refused the session's configuration; the message says what to change. */
        CONFIG,
        /** Anything else: R crashed, did not connect in time, the directory could not be written. */
        FAILED
    }

    private final Kind kind;

    public ChildStartException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public ChildStartException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
