package io.securer.mcp;

import io.securer.ExecutionRejectedException;
import io.securer.ExecutionTimeoutException;
import io.securer.IpcProtocolException;
import io.securer.RExecutionException;
import io.securer.RSyntaxException;
import io.securer.Redaction;
import io.securer.SecurerException;
import io.securer.SessionClosedException;
import io.securer.ToolCallLimitException;
import java.time.Duration;
import java.util.List;

/**
 * The text an MCP client (and its model) reads after {@code run_r_code}: on success what R printed,
 * then the printed value; on failure a short message to act on. Cut at {@value #MAX_CHARS}
 * characters with a note; addresses and process ids masked ({@link Redaction#addressesAndPids};
 * the sessions mask R's error messages themselves). Works on plain values so it is testable
 * without R. Stateless.
 */
final class ResultText {
    static final int MAX_CHARS = 20_000;
    static final int MAX_OUTPUT_LINES_ON_ERROR = 50;
    static final String STATE_LOST = "the R session was restarted; variables from earlier calls are lost";

    private ResultText() {
    }

    /** Output lines, a note for dropped ones, then the printed value when it is visible. */
    static String success(List<String> output, int droppedLines, String printed, boolean visible) {
        StringBuilder sb = new StringBuilder();
        output.forEach(line -> sb.append(line).append('\n'));
        if (droppedLines > 0) {
            sb.append("... [").append(droppedLines).append(" more output lines not shown]\n");
        }
        if (visible && !printed.isEmpty()) {
            sb.append(printed);
        } else if (sb.length() == 0) {
            sb.append(visible ? "NULL" : "(no output; the last value was invisible)");
        }
        return finish(sb.toString().stripTrailing());
    }

    /** A note that the session was replaced before the code ran, or the empty string. */
    static String restartNotice(boolean restarted) {
        return restarted ? "Note: the previous R session had stopped, so " + STATE_LOST + ".\n" : "";
    }

    /** What went wrong, for the model; never throws. */
    static String failure(RuntimeException e) {
        boolean before = e instanceof SecurerException s && s.sessionRestarted() && !causedRestart(e);
        return finish(restartNotice(before) + describe(e));
    }

    /** Masks host details and cuts the text at {@link #MAX_CHARS}. */
    static String finish(String text) {
        String t = Redaction.addressesAndPids(text);
        if (t.length() > MAX_CHARS) {
            t = t.substring(0, MAX_CHARS) + "\n... [truncated " + (t.length() - MAX_CHARS) + " characters]";
        }
        return t;
    }

    private static boolean causedRestart(RuntimeException e) {
        return e instanceof ExecutionTimeoutException t && t.sessionRestarted() || e instanceof IpcProtocolException
                || e instanceof RExecutionException r && r.processDied();
    }

    private static String describe(RuntimeException e) {
        if (e instanceof RSyntaxException s) {
            return "R syntax error: " + s.parseError().strip() + "\nNothing was run; fix the code and try again.";
        }
        if (e instanceof RExecutionException r) {
            StringBuilder sb = new StringBuilder();
            List<String> out = r.output();
            int from = Math.max(0, out.size() - MAX_OUTPUT_LINES_ON_ERROR);
            if (from > 0) {
                sb.append("[").append(from).append(" earlier output lines omitted]\n");
            }
            out.subList(from, out.size()).forEach(line -> sb.append(line).append('\n'));
            String message = r.rMessage() == null ? "" : r.rMessage().strip();
            if (r.processDied()) {
                return sb + "The R process stopped while running the code (" + message + "); " + STATE_LOST + ".";
            }
            return sb.append(r.rCall() == null ? "Error: " : "Error in " + r.rCall() + ": ").append(message).toString();
        }
        if (e instanceof ExecutionTimeoutException t) {
            return "Timed out after " + seconds(t.timeout()) + (t.sessionRestarted()
                    ? "; R did not respond to the interrupt, so " + STATE_LOST + "."
                    : "; R was interrupted and variables are kept.") + " Make the code faster or work on less data.";
        }
        if (e instanceof ToolCallLimitException l) {
            return "Stopped: the code made more than " + l.limit() + " host function call(s), the limit for one run.";
        }
        if (e instanceof ExecutionRejectedException x) {
            return "The code was rejected before it ran: " + x.getMessage();
        }
        if (e instanceof IpcProtocolException) {
            return "The R process misbehaved and was replaced; " + STATE_LOST + ".";
        }
        if (e instanceof SessionClosedException) {
            return "The R session of this MCP session was closed (the session ended or the server is stopping).";
        }
        String m = e.getMessage();
        return "R could not run the code: " + (m == null || m.isBlank() ? e.getClass().getSimpleName() : m);
    }

    private static String seconds(Duration d) {
        if (d == null) {
            return "the time limit";
        }
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }
}
