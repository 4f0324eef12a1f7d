package io.securer;

import java.util.List;

/** The R code raised an error. The session keeps its state and stays usable. */
public final class RExecutionException extends SecurerException {
    private static final long serialVersionUID = 1L;
    private final String rMessage;
    private final String rCall;
    private final transient List<String> output;

    public RExecutionException(String rMessage, String rCall, List<String> output) {
        super(rCall == null ? "R error: " + rMessage : "R error in " + rCall + ": " + rMessage);
        this.rMessage = rMessage;
        this.rCall = rCall;
        this.output = List.copyOf(output);
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
