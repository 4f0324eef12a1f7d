package io.securer.langchain4j;

import io.securer.ExecutionRejectedException;
import io.securer.ExecutionResult;
import io.securer.ExecutionTimeoutException;
import io.securer.IpcProtocolException;
import io.securer.RExecutionException;
import io.securer.RSyntaxException;
import io.securer.SecurerException;
import io.securer.SessionClosedException;
import io.securer.ToolCallLimitException;
import java.time.Duration;
import java.util.List;

/**
 * The text the model reads after {@code run_r_code}: what R printed on success, a short
 * actionable message on failure, and a note whenever the R session had to be restarted so that
 * earlier variables are gone. Always sanitized. Public so that other front ends of a session (the
 * MCP server) tell their models exactly what {@link RCodeTool} does. Stateless.
 */
public final class ToolResultText {
    static final String STATE_LOST = "the R session was restarted; variables from earlier calls are lost";
    private static final int MAX_OUTPUT_LINES_ON_ERROR = 50;
    /** Core's message for R interrupted outside a timeout: no error report of R's own. */
    private static final String INTERRUPTED = "execution interrupted";

    private ToolResultText() {
    }

    static final String STATE_RESTORED = "the R session was restarted and its variables were restored as your last "
            + "successful call left them";

    /** What R printed (its console transcript), with a note when the session had been restarted. */
    public static String success(ExecutionResult r) {
        return success(r, StateNote.NONE, List.of());
    }

    /** What went wrong and what to do about it, for a model; never throws. */
    public static String failure(RuntimeException e) {
        return failure(e, StateNote.NONE);
    }

    /**
     * The success text followed by {@code plotLines}, one per plot the code drew ({@link PlotText});
     * with a session store, {@code note} says whether state was restored and what went wrong keeping it.
     */
    static String success(ExecutionResult r, StateNote note, List<String> plotLines) {
        String body = SuccessText.format(r.console(), r.output(), r.droppedOutputLines(), r.printed(), r.visible(),
                r.rClass(), r.value(), plotLines);
        return TextSanitizer.sanitize(notice(r.sessionRestarted() || note.restored(), note) + problems(note) + body);
    }

    static String failure(RuntimeException e, StateNote note) {
        // Only a restart before the code ran gets the note; a restart the code caused is described below.
        boolean before = e instanceof SecurerException s && s.sessionRestarted() && !causedRestart(e);
        String text = describe(e);
        if (note.restored()) {
            text = text.replace(STATE_LOST, STATE_RESTORED);
        }
        return TextSanitizer.sanitize(notice(before, note) + problems(note) + text);
    }

    private static String problems(StateNote note) {
        StringBuilder sb = new StringBuilder();
        note.problems().forEach(p -> sb.append("Note: ").append(p).append(".\n"));
        return sb.toString();
    }

    /** Failures whose own text already says the state was lost. */
    private static boolean causedRestart(RuntimeException e) {
        return e instanceof ExecutionTimeoutException t && t.sessionRestarted() || e instanceof IpcProtocolException
                || e instanceof RExecutionException r && r.processDied();
    }

    private static String notice(boolean restarted, StateNote note) {
        if (!restarted) {
            return "";
        }
        return "Note: the previous R session had stopped, so " + (note.restored() ? STATE_RESTORED : STATE_LOST)
                + ".\n";
    }

    private static String describe(RuntimeException e) {
        if (e instanceof RSyntaxException s) {
            return "R syntax error: " + s.parseError().strip() + "\nNothing was run; fix the code and try again.";
        }
        if (e instanceof RExecutionException r) {
            String message = r.rMessage() == null ? "" : r.rMessage().strip();
            if (causedRestart(r)) {
                // the R process itself died (crash, killed by a limit); core replaced it
                return lastLines(r.output(), r.output().size()) + "The R process stopped while running the code ("
                        + message + "); " + STATE_LOST + ".";
            }
            if (reportedByR(r)) {
                // R's own transcript: the output, then "Error in f(x) : msg" and any warnings R still held
                return lastLines(r.console(), r.output().size()).stripTrailing();
            }
            return lastLines(r.output(), r.output().size()) + (r.rCall() == null ? "Error: " : "Error in " + r.rCall()
                    + " : ") + message;
        }
        if (e instanceof ExecutionTimeoutException t) {
            return "Timed out after " + format(t.timeout()) + (t.sessionRestarted()
                    ? "; R did not respond to the interrupt, so " + STATE_LOST + "."
                    : "; R was interrupted and variables are kept.")
                    + " Make the code faster or work on less data.";
        }
        if (e instanceof ToolCallLimitException l) {
            return "Stopped: the code made more than " + l.limit() + " host function call(s), the limit for one "
                    + "run. Call host functions fewer times (e.g. fetch data once and reuse it).";
        }
        if (e instanceof ExecutionRejectedException x) {
            return "The code was rejected before it ran: " + x.getMessage();
        }
        if (e instanceof IpcProtocolException) {
            return "The R process misbehaved and was replaced; " + STATE_LOST + ".";
        }
        if (e instanceof SessionClosedException) {
            return "The R session is closed, so no code can run now.";
        }
        String m = e.getMessage();
        return "R could not run the code: " + (m == null || m.isBlank() ? e.getClass().getSimpleName() : m);
    }

    /**
     * True when the console transcript ends with R's report of the error: it has lines beyond the
     * output (an interrupt has no report, and a report can be lost only at the memory cap).
     */
    private static boolean reportedByR(RExecutionException r) {
        return r.console().size() > r.output().size() && !INTERRUPTED.equals(r.rMessage());
    }

    /**
     * The lines, each ending in a newline, without all but the last {@value #MAX_OUTPUT_LINES_ON_ERROR}
     * of the first {@code outputLines} (the output before R's report, which is kept whole).
     */
    private static String lastLines(List<String> lines, int outputLines) {
        StringBuilder sb = new StringBuilder();
        int from = Math.max(0, outputLines - MAX_OUTPUT_LINES_ON_ERROR);
        if (from > 0) {
            sb.append("[").append(from).append(" earlier output lines omitted]\n");
        }
        lines.subList(from, lines.size()).forEach(line -> sb.append(line).append('\n'));
        return sb.toString();
    }

    static String format(Duration d) {
        if (d == null) {
            return "the time limit";
        }
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }
}
