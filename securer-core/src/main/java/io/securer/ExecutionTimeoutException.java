package io.securer;

import java.time.Duration;

/**
 * The execution ran past its timeout. R was first interrupted; if it answered within the grace
 * period the session kept its state ({@link #sessionRestarted()} is false), otherwise the child
 * was killed and a fresh one started (true: every variable is gone).
 */
public final class ExecutionTimeoutException extends SecurerException {
    private static final long serialVersionUID = 1L;
    private final transient Duration timeout;
    private final boolean sessionRestarted;

    public ExecutionTimeoutException(Duration timeout, boolean sessionRestarted) {
        super("R execution timed out after " + format(timeout) + (sessionRestarted
                ? "; R did not respond to the interrupt, so the session was restarted and its state is lost"
                : "; R was interrupted and the session kept its state"));
        this.timeout = timeout;
        this.sessionRestarted = sessionRestarted;
    }

    private static String format(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    public Duration timeout() {
        return timeout;
    }

    /** True when the child had to be killed and replaced (state lost). */
    public boolean sessionRestarted() {
        return sessionRestarted;
    }
}
