package io.securer.langchain4j;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * The text the model reads after a successful run: captured output, then the printed value; a
 * data frame shows its first {@value #DATA_FRAME_ROWS_SHOWN} rows and "N rows total"; the whole is
 * cut at {@value #MAX_CHARS} characters with a note saying how much was dropped. The plot lines
 * ({@link PlotText}) come last and are never cut; when the code drew plots and printed nothing,
 * they stand alone (no "NULL" for a printed ggplot, whose print is the drawing). Works on plain
 * values so it can be tested without R. Stateless.
 */
final class SuccessText {
    /** Longest text returned before truncating. */
    static final int MAX_CHARS = 8000;
    static final int DATA_FRAME_ROWS_SHOWN = 20;

    private SuccessText() {
    }

    static String format(List<String> output, int droppedLines, String printed, boolean visible, List<String> rClass,
                         JsonNode value) {
        return format(output, droppedLines, printed, visible, rClass, value, List.of());
    }

    static String format(List<String> output, int droppedLines, String printed, boolean visible, List<String> rClass,
                         JsonNode value, List<String> plotLines) {
        StringBuilder sb = new StringBuilder();
        for (String line : output) {
            sb.append(line).append('\n');
        }
        if (droppedLines > 0) {
            sb.append("... [").append(droppedLines).append(" more output lines not shown]\n");
        }
        if (visible && !printed.isEmpty()) {
            sb.append(printedForModel(printed, rClass, value));
        } else if (sb.length() == 0 && plotLines.isEmpty()) {
            sb.append(visible ? "NULL" : "(no output; the last value was invisible)");
        }
        String text = sb.toString().stripTrailing();
        if (text.length() > MAX_CHARS) {
            int dropped = text.length() - MAX_CHARS;
            text = text.substring(0, MAX_CHARS) + "\n... [truncated " + dropped + " characters]";
        }
        if (plotLines.isEmpty()) {
            return text;
        }
        return (text.isEmpty() ? "" : text + "\n") + String.join("\n", plotLines);
    }

    private static String printedForModel(String printed, List<String> rClass, JsonNode value) {
        if (!rClass.contains("data.frame") || value == null || !value.isArray()) {
            return printed;
        }
        int rows = value.size();
        String[] lines = printed.split("\n", -1);
        // A wide data frame prints in several column blocks; cutting lines would mislead, so only
        // cut when it printed as one block (header plus one line per row).
        if (rows <= DATA_FRAME_ROWS_SHOWN || lines.length != rows + 1) {
            return printed + (rows > DATA_FRAME_ROWS_SHOWN ? "\n[" + rows + " rows total]" : "");
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i <= DATA_FRAME_ROWS_SHOWN; i++) {
            sb.append(lines[i]).append('\n');
        }
        return sb.append("... [").append(rows).append(" rows total]").toString();
    }
}
