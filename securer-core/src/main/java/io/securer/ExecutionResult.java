package io.securer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What one execution produced. Immutable.
 *
 * <p>{@link #value()} is the last expression's value as JSON following jsonlite's conventions
 * (length-1 vectors unboxed, NA and NULL as null, named lists as objects, data frames as arrays of
 * row objects, factors as strings); values that cannot be represented (functions, environments,
 * values over ~900 kB) are JSON null, with {@link #printed()} and {@link #rClass()} still set.
 */
public final class ExecutionResult {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** Longest text {@link #toToolResult()} returns before truncating. */
    public static final int TOOL_RESULT_MAX_CHARS = 8000;
    private static final int DATA_FRAME_ROWS_SHOWN = 20;

    private final JsonNode value;
    private final String printed;
    private final boolean visible;
    private final List<String> rClass;
    private final List<String> output;
    private final int toolCalls;
    private final Duration elapsed;

    public ExecutionResult(JsonNode value, String printed, boolean visible, List<String> rClass,
                           List<String> output, int toolCalls, Duration elapsed) {
        this.value = Objects.requireNonNull(value);
        this.printed = Objects.requireNonNull(printed);
        this.visible = visible;
        this.rClass = List.copyOf(rClass);
        this.output = List.copyOf(output);
        this.toolCalls = toolCalls;
        this.elapsed = Objects.requireNonNull(elapsed);
    }

    public JsonNode value() {
        return value.deepCopy();
    }

    /** The value converted with Jackson, e.g. {@code valueAs(double[].class)}. */
    public <T> T valueAs(Class<T> type) {
        try {
            return MAPPER.treeToValue(value, type);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new IllegalArgumentException("R value cannot be read as " + type.getSimpleName() + ": " + value, e);
        }
    }

    /** R's own print of the value (as the console shows it); empty when the value was invisible. */
    public String printed() {
        return printed;
    }

    /** Whether R would auto-print the value ({@code x <- 1} is invisible). */
    public boolean visible() {
        return visible;
    }

    /** {@code class()} of the value, e.g. {@code [data.frame]} or {@code [numeric]}. */
    public List<String> rClass() {
        return rClass;
    }

    /** stdout and stderr lines, in the order R wrote them. */
    public List<String> output() {
        return output;
    }

    public int toolCalls() {
        return toolCalls;
    }

    public Duration elapsed() {
        return elapsed;
    }

    /**
     * The text an LLM should see: captured output, then the printed value; a data frame shows its
     * first {@value #DATA_FRAME_ROWS_SHOWN} rows and "N rows total"; the whole is cut at
     * {@value #TOOL_RESULT_MAX_CHARS} characters with a note saying how much was dropped.
     */
    public String toToolResult() {
        StringBuilder sb = new StringBuilder();
        for (String line : output) {
            sb.append(line).append('\n');
        }
        if (visible && !printed.isEmpty()) {
            sb.append(printedForTool());
        } else if (sb.length() == 0) {
            sb.append(visible ? "NULL" : "(no output; the last value was invisible)");
        }
        String text = sb.toString().stripTrailing();
        if (text.length() > TOOL_RESULT_MAX_CHARS) {
            int dropped = text.length() - TOOL_RESULT_MAX_CHARS;
            text = text.substring(0, TOOL_RESULT_MAX_CHARS) + "\n... [truncated " + dropped + " characters]";
        }
        return text;
    }

    private String printedForTool() {
        if (!rClass.contains("data.frame") || !value.isArray()) {
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

    @Override
    public String toString() {
        return "ExecutionResult[value=" + value + ", visible=" + visible + ", class=" + rClass
                + ", output=" + output.size() + " lines, toolCalls=" + toolCalls + ", elapsed=" + elapsed.toMillis() + " ms]";
    }
}
