package io.securer;

import java.time.Duration;

/**
 * The execution's timeout passed. R was interrupted; if it answered within the grace period the
 * session kept its state, otherwise the child was killed and replaced ({@link #sessionRestarted()}).
 */
public final class ExecutionTimeoutException extends SecurerException {
    private static final long serialVersionUID = 1L;
    private final transient Duration timeout;

    ExecutionTimeoutException(Duration timeout, boolean killed) {
        super("R execution timed out after " + Durations.format(timeout) + (killed
                ? "; R did not respond to the interrupt, so the session was restarted and its state is lost"
                : "; R was interrupted and the session kept its state"));
        this.timeout = timeout;
        restarted(killed);
    }

    public Duration timeout() {
        return timeout;
    }
}
