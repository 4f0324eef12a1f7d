package io.securer;

/** The code was refused before it ran: too long, vetoed by the pre-execute hook, or over the execution budget. */
public final class ExecutionRejectedException extends SecurerException {
    private static final long serialVersionUID = 1L;

    public ExecutionRejectedException(String message) {
        super(message);
    }
}
