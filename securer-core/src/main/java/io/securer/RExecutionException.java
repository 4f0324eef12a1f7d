package io.securer;

import java.util.List;

/** The R code raised an error. The session keeps its state and stays usable. */
public final class RExecutionException extends SecurerException {
    private static final long serialVersionUID = 1L;
    private final String rMessage;
    private final String rCall;
    private final transient List<String> output;
    private final boolean sessionRestarted;

    public RExecutionException(String rMessage, String rCall, List<String> output) {
        this(rMessage, rCall, output, false);
    }

    /**
     * @param sessionRestarted true when the R process itself died (quit, CPU limit, crash) and the
     *                         session replaced it: every variable is gone
     */
    public RExecutionException(String rMessage, String rCall, List<String> output, boolean sessionRestarted) {
        super(rCall == null ? "R error: " + rMessage : "R error in " + rCall + ": " + rMessage);
        this.rMessage = rMessage;
        this.rCall = rCall;
        this.output = List.copyOf(output);
        this.sessionRestarted = sessionRestarted;
    }

    /** True when the R process died during the execution and a fresh one replaced it (state lost). */
    public boolean sessionRestarted() {
        return sessionRestarted;
    }

    /** R's condition message, as {@code conditionMessage()} gives it. */
    public String rMessage() {
        return rMessage;
    }

    /** The deparsed call that raised the error, or null when R had none. */
    public String rCall() {
        return rCall;
    }

    /** Output lines the code printed before it failed. */
    public List<String> output() {
        return output;
    }
}
