package io.securer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What one execution produced. Immutable and thread-safe.
 *
 * <p>{@link #value()} is the last expression's value as JSON following jsonlite's conventions
 * (length-1 vectors unboxed, NA and NULL as null, named lists as objects, data frames as arrays of
 * row objects, factors as strings). Values JSON cannot represent (functions, environments) are
 * JSON null. A value too large to send as JSON is also null, but then {@link #valueOmitted()} is
 * true: fetch it with {@link SecureSession#getDataFrame(String)} (data frames) or reduce it in R.
 * {@link #printed()} and {@link #rClass()} are set either way.
 */
public final class ExecutionResult {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final JsonNode value;
    private final boolean valueOmitted;
    private final String printed;
    private final boolean visible;
    private final List<String> rClass;
    private final List<String> output;
    private final List<String> console;
    private final int droppedOutputLines;
    private final int toolCalls;
    private final Duration elapsed;
    private final List<Plot> plots;
    private final boolean sessionRestarted;

    @SuppressWarnings("checkstyle:ParameterNumber")
    ExecutionResult(JsonNode value, boolean valueOmitted, String printed, boolean visible, List<String> rClass,
                    List<String> output, List<String> console, int droppedOutputLines, int toolCalls, Duration elapsed,
                    List<Plot> plots, boolean sessionRestarted) {
        this.value = value == null ? NullNode.getInstance() : value;
        this.valueOmitted = valueOmitted;
        this.printed = Objects.requireNonNull(printed);
        this.visible = visible;
        this.rClass = List.copyOf(rClass);
        this.output = List.copyOf(output);
        this.console = List.copyOf(console);
        this.droppedOutputLines = droppedOutputLines;
        this.toolCalls = toolCalls;
        this.elapsed = Objects.requireNonNull(elapsed);
        this.plots = List.copyOf(plots);
        this.sessionRestarted = sessionRestarted;
    }

    /** The value as JSON (a copy); JSON null when it has no JSON form or was omitted. */
    public JsonNode value() {
        return value.deepCopy();
    }

    /**
     * True when the value exists but was too large to return as JSON ({@link SessionSettings#maxValueBytes});
     * {@link #value()} is then JSON null. Fetch a data frame with {@link SecureSession#getDataFrame(String)}.
     */
    public boolean valueOmitted() {
        return valueOmitted;
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

    /**
     * What R printed (stdout and stderr, warnings included), line by line in order, without the
     * last value's print (that is {@link #printed()}). At most
     * {@link ExecuteOptions#maxOutputLines()} lines; the rest are counted in {@link #droppedOutputLines()}.
     */
    public List<String> output() {
        return output;
    }

    /**
     * The execution's transcript as an R console shows it: the output and the printed value in
     * the order R wrote them (R prints a value before the warnings of the same expression).
     */
    public List<String> console() {
        return console;
    }

    /** Output lines R printed that are not in {@link #output()} (over maxOutputLines or the 8 MiB cap). */
    public int droppedOutputLines() {
        return droppedOutputLines;
    }

    /** Host tool calls the code made. */
    public int toolCalls() {
        return toolCalls;
    }

    /** Wall-clock time of the execution on the host. */
    public Duration elapsed() {
        return elapsed;
    }

    /** The graphics the code drew, in drawing order; empty when it drew none. */
    public List<Plot> plots() {
        return plots;
    }

    /**
     * True when the session's R process had to be replaced before this code ran (it had died, or
     * was killed after an earlier timeout): variables from earlier executions are gone.
     */
    public boolean sessionRestarted() {
        return sessionRestarted;
    }

    @Override
    public String toString() {
        return "ExecutionResult[value=" + (valueOmitted ? "<omitted>" : value) + ", visible=" + visible + ", class="
                + rClass + ", output=" + output.size() + " lines, plots=" + plots.size() + ", toolCalls=" + toolCalls
                + ", elapsed=" + elapsed.toMillis() + " ms" + (sessionRestarted ? ", session restarted" : "") + "]";
    }
}
