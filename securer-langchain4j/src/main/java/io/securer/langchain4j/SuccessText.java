package io.securer.langchain4j;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The text the model reads after a successful run: R's console transcript (output, the printed
 * value, and the warnings R prints after it, in the order R wrote them), except that a data frame
 * of more than {@value #DATA_FRAME_ROWS_SHOWN} rows printed as the last value shows its first
 * {@value #DATA_FRAME_ROWS_SHOWN} rows and "N rows total"; the whole is cut at {@value #MAX_CHARS}
 * characters with a note saying how much was dropped. The plot lines ({@link PlotText}) come last
 * and are never cut; when the code drew plots and printed nothing, they stand alone (no "NULL" for
 * a printed ggplot, whose print is the drawing). Works on plain values so it can be tested
 * without R. Stateless.
 */
final class SuccessText {
    /** Longest text returned before truncating. */
    static final int MAX_CHARS = 8000;
    static final int DATA_FRAME_ROWS_SHOWN = 20;

    private SuccessText() {
    }

    static String format(List<String> console, List<String> output, int droppedLines, String printed, boolean visible,
                         List<String> rClass, JsonNode value) {
        return format(console, output, droppedLines, printed, visible, rClass, value, List.of());
    }

    /**
     * @param console      every kept line in R's order, the printed value's lines included
     * @param output       the same without the printed value's lines
     * @param droppedLines output lines R printed that were not kept
     * @param plotLines    one line per plot the code drew
     */
    static String format(List<String> console, List<String> output, int droppedLines, String printed, boolean visible,
                         List<String> rClass, JsonNode value, List<String> plotLines) {
        List<String> lines = new ArrayList<>(console);
        List<String> printedLines = visible && !printed.isEmpty() ? List.of(printed.split("\n", -1)) : List.of();
        int at = printedLines.isEmpty() ? -1 : printedAt(console, output, printedLines);
        if (at >= 0) {
            List<String> block = lines.subList(at, at + printedLines.size());
            block.clear();
            block.addAll(printedForModel(printedLines, rClass, value));
        }
        if (droppedLines > 0) {
            lines.add(at >= 0 ? at : lines.size(), "... [" + droppedLines + " more output lines not shown]");
        }
        if (lines.isEmpty() && plotLines.isEmpty()) {
            return visible ? "NULL" : "(no output; the last value was invisible)";
        }
        String text = String.join("\n", lines).stripTrailing();
        if (text.length() > MAX_CHARS) {
            int dropped = text.length() - MAX_CHARS;
            text = text.substring(0, MAX_CHARS) + "\n... [truncated " + dropped + " characters]";
        }
        if (plotLines.isEmpty()) {
            return text;
        }
        return (text.isEmpty() ? "" : text + "\n") + String.join("\n", plotLines);
    }

    /**
     * Where the printed value's lines start in the console: the console is the output with the
     * printed lines inserted at one place (before the warnings of the last expression). -1 when
     * they are not there (e.g. dropped at the memory cap).
     */
    private static int printedAt(List<String> console, List<String> output, List<String> printedLines) {
        int p = printedLines.size();
        if (console.size() != output.size() + p) {
            return -1;
        }
        for (int k = output.size(); k >= 0; k--) {
            if (console.subList(k, k + p).equals(printedLines) && console.subList(0, k).equals(output.subList(0, k))
                    && console.subList(k + p, console.size()).equals(output.subList(k, output.size()))) {
                return k;
            }
        }
        return -1;
    }

    private static List<String> printedForModel(List<String> lines, List<String> rClass, JsonNode value) {
        if (!rClass.contains("data.frame") || value == null || !value.isArray()) {
            return lines;
        }
        int rows = value.size();
        if (rows <= DATA_FRAME_ROWS_SHOWN) {
            return lines;
        }
        List<String> out = new ArrayList<>();
        // A wide data frame prints in several column blocks; cutting lines would mislead, so only
        // cut when it printed as one block (header plus one line per row).
        if (lines.size() != rows + 1) {
            out.addAll(lines);
            out.add("[" + rows + " rows total]");
            return out;
        }
        out.addAll(lines.subList(0, DATA_FRAME_ROWS_SHOWN + 1));
        out.add("... [" + rows + " rows total]");
        return out;
    }
}
