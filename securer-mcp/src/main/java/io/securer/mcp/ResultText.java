package io.securer.mcp;

import io.securer.Redaction;
import io.securer.langchain4j.ToolResultText;
import java.util.List;

/**
 * The text an MCP client (and its model) reads after {@code run_r_code}: on success what R printed,
 * then the printed value; on failure the message {@link ToolResultText} gives any model. Cut at {@value #MAX_CHARS}
 * characters with a note; addresses and process ids masked ({@link Redaction#addressesAndPids};
 * the sessions mask R's error messages themselves). Works on plain values so it is testable
 * without R. Stateless.
 */
final class ResultText {
    static final int MAX_CHARS = 20_000;
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

    /** What went wrong, for the model, worded as {@code RCodeTool} words it; never throws. */
    static String failure(RuntimeException e) {
        return finish(ToolResultText.failure(e));
    }

    /** Masks host details and cuts the text at {@link #MAX_CHARS}. */
    static String finish(String text) {
        String t = Redaction.addressesAndPids(text);
        if (t.length() > MAX_CHARS) {
            t = t.substring(0, MAX_CHARS) + "\n... [truncated " + (t.length() - MAX_CHARS) + " characters]";
        }
        return t;
    }
}
