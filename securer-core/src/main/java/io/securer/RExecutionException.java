package io.securer;

import java.util.List;

/**
 * The R code raised an error, or the R process died while running it. Unless
 * {@link #sessionRestarted()}, the session keeps its state and stays usable.
 */
public final class RExecutionException extends SecurerException {
    private static final long serialVersionUID = 1L;
    private final String rMessage;
    private final String rCall;
    private final transient List<String> output;
    private final transient List<String> console;
    private final boolean processDied;
    private final transient List<Plot> plots;

    RExecutionException(String rMessage, String rCall, List<String> output) {
        this(rMessage, rCall, output, List.of(), false);
    }

    RExecutionException(String rMessage, String rCall, List<String> output, List<String> console, boolean processDied) {
        this(rMessage, rCall, output, console, processDied, List.of());
    }

    RExecutionException(String rMessage, String rCall, List<String> output, List<String> console, boolean processDied,
                        List<Plot> plots) {
        super(rCall == null ? "R error: " + rMessage : "R error in " + rCall + ": " + rMessage);
        this.plots = List.copyOf(plots);
        this.rMessage = rMessage;
        this.rCall = rCall;
        this.output = List.copyOf(output);
        this.console = List.copyOf(console);
        this.processDied = processDied;
        restarted(processDied);
    }

    /**
     * The execution's transcript as an R console shows it, ending with R's own report of the error
     * ({@code Error in f(x) : msg}, then any warnings R still held); empty when the process died.
     */
    public List<String> console() {
        return console;
    }

    /**
     * True when this is not an R error but the R process itself died (or its connection was lost)
     * while running the code: it was replaced and every variable is gone.
     */
    public boolean processDied() {
        return processDied;
    }

    /** R's condition message. */
    public String rMessage() {
        return rMessage;
    }

    /** The deparsed call R names in the error ({@code f(x)}), or null for a top-level {@code stop()}. */
    public String rCall() {
        return rCall;
    }

    /** What R printed before the error. */
    public List<String> output() {
        return output;
    }

    /** The graphics the code drew before the error, in drawing order (as {@link ExecutionResult#plots()}). */
    public List<Plot> plots() {
        return plots == null ? List.of() : plots;
    }
}
