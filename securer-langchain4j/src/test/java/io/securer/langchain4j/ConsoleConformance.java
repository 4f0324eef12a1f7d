package io.securer.langchain4j;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The documented differences between what {@code R --vanilla --slave -f FILE 2>&1} prints and what
 * {@code run_r_code} returns for the same code (docs/sessions-and-tools.md, section 16 "Next to
 * R's console"), and nothing else: {@link #expected} turns R's transcript into the text the tool
 * must return, byte for byte. Stateless.
 */
final class ConsoleConformance {
    static final String HALTED = "Execution halted";
    private static final Pattern ROWS_CUT = Pattern.compile("\\.\\.\\. \\[(\\d+) rows total]");
    private static final Pattern ROWS_COUNTED = Pattern.compile("\\[(\\d+) rows total]");
    private static final Pattern LINES_OMITTED = Pattern.compile("\\[(\\d+) earlier output lines omitted]");

    private ConsoleConformance() {
    }

    /**
     * The text {@code run_r_code} must return for code whose plain-R run printed {@code output} and
     * exited with {@code status}. {@code actual} only tells where the tool applied one of its
     * documented cuts (a long data frame, the character cap, the line cap on errors); the cut is
     * then applied to R's text the same way, so whatever was kept must still be R's text exactly.
     */
    static String expected(String output, int status, String actual) {
        List<String> lines = new ArrayList<>(Arrays.asList(output.split("\n", -1)));
        if (status != 0) {
            withoutHaltReport(lines);
        }
        String text = TextSanitizer.sanitize(String.join("\n", lines)).stripTrailing();
        if (text.isEmpty()) {
            return "(no output; the last value was invisible)";
        }
        return status != 0 ? withLineCap(text, actual) : withCharacterCap(withRowCuts(text, actual));
    }

    /**
     * R ends a run stopped by an error with "Execution halted" and, for an error raised below the top
     * level, a "Calls: f -> g" line after the error message: a session goes on after an error,
     * so the tool has neither.
     */
    static void withoutHaltReport(List<String> lines) {
        int end = lines.size();
        while (end > 0 && lines.get(end - 1).isEmpty()) {
            end--;
        }
        if (end == 0 || !lines.get(end - 1).equals(HALTED)) {
            throw new IllegalArgumentException("R stopped with an error but did not print \"" + HALTED + "\" last");
        }
        lines.subList(end - 1, lines.size()).clear();
        int report = -1;
        for (int i = lines.size() - 1; i >= 0; i--) {
            if (lines.get(i).startsWith("Error in ") || lines.get(i).startsWith("Error: ")) {
                report = i;
                break;
            }
        }
        for (int i = report + 1; report >= 0 && i < lines.size(); i++) {
            if (lines.get(i).startsWith("Calls: ")) {
                lines.remove(i);
                break;
            }
        }
    }

    /** A data frame printed as one block shows 20 rows, then "... [N rows total]"; in blocks, it is followed by "[N rows total]". */
    private static String withRowCuts(String text, String actual) {
        List<String> want = new ArrayList<>(Arrays.asList(text.split("\n", -1)));
        String[] got = actual.split("\n", -1);
        for (int i = 0; i < got.length; i++) {
            Matcher cut = ROWS_CUT.matcher(got[i]);
            Matcher counted = ROWS_COUNTED.matcher(got[i]);
            int hidden = cut.matches() ? Integer.parseInt(cut.group(1)) - SuccessText.DATA_FRAME_ROWS_SHOWN : -1;
            if (hidden > 0 && i + hidden <= want.size()) {
                want.subList(i, i + hidden).clear();
                want.add(i, got[i]);
            } else if (counted.matches() && i <= want.size()) {
                want.add(i, got[i]);
            }
        }
        return String.join("\n", want);
    }

    private static String withCharacterCap(String text) {
        if (text.length() <= SuccessText.MAX_CHARS) {
            return text;
        }
        return text.substring(0, SuccessText.MAX_CHARS) + "\n... [truncated " + (text.length() - SuccessText.MAX_CHARS)
                + " characters]";
    }

    /** After an error the tool keeps the last lines, after "[N earlier output lines omitted]". */
    private static String withLineCap(String text, String actual) {
        int nl = actual.indexOf('\n');
        Matcher m = LINES_OMITTED.matcher(nl < 0 ? actual : actual.substring(0, nl));
        if (!m.matches()) {
            return text;
        }
        String[] lines = text.split("\n", -1);
        int omitted = Math.min(Integer.parseInt(m.group(1)), lines.length);
        return m.group() + "\n" + String.join("\n", Arrays.copyOfRange(lines, omitted, lines.length));
    }

    /** Expected and actual side by side, line by line, with line ends shown as '$' (like cat -A). */
    static String describe(String name, String expected, String actual) {
        String[] e = expected.split("\n", -1);
        String[] a = actual.split("\n", -1);
        int first = 0;
        while (first < e.length && first < a.length && e[first].equals(a[first])) {
            first++;
        }
        StringBuilder sb = new StringBuilder();
        sb.append("=== ").append(name).append(": first difference at line ").append(first + 1).append('\n');
        sb.append("--- expected (R --vanilla --slave, documented differences applied)\n");
        numbered(sb, e, first);
        sb.append("--- actual (run_r_code)\n");
        numbered(sb, a, first);
        return sb.toString();
    }

    private static void numbered(StringBuilder sb, String[] lines, int mark) {
        for (int i = 0; i < lines.length; i++) {
            sb.append(i == mark ? ">" : " ").append(String.format("%3d| ", i + 1)).append(lines[i]).append("$\n");
        }
    }
}
