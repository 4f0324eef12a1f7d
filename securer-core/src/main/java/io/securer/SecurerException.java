package io.securer;

/**
 * Root of every exception this library throws. Unchecked: callers catch the subtype that tells
 * them what to do next (fix the code, retry, give up on the session, install R). Only this library
 * creates them, except {@link SessionStoreException}, which custom session stores throw too.
 *
 * <p>{@link #sessionRestarted()} says whether the session's R process was replaced on the way to
 * this exception — by this call (a timeout kill, a crash, a protocol violation) or because the
 * process had died since the previous call — so that variables from earlier executions are gone.
 */
public sealed class SecurerException extends RuntimeException permits RExecutionException, RSyntaxException,
        ExecutionTimeoutException, ToolCallLimitException, ExecutionRejectedException, SessionClosedException,
        SandboxUnavailableException, IpcProtocolException, RuntimeSetupException, SessionFileException,
        DataTransferException, SnapshotException, SessionStoreException {
    private static final long serialVersionUID = 1L;
    private boolean sessionRestarted;

    SecurerException(String message) {
        super(message);
    }

    SecurerException(String message, Throwable cause) {
        super(message, cause);
    }

    /** True when R state from earlier executions is gone because the R process was replaced. */
    public boolean sessionRestarted() {
        return sessionRestarted;
    }

    /** Marks the state loss; returns this exception. */
    SecurerException restarted(boolean restarted) {
        this.sessionRestarted |= restarted;
        return this;
    }
}
