package io.securer;

/** The code was refused before it ran: too long, vetoed by the pre-execute hook, over the session's execution limit, or no pooled session became free in time. */
public final class ExecutionRejectedException extends SecurerException {
    private static final long serialVersionUID = 1L;

    ExecutionRejectedException(String message) {
        super(message);
    }
}
