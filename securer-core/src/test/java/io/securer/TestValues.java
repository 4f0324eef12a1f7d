package io.securer;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;

/**
 * Results and exceptions as the library makes them, for tests of code that consumes them (the
 * adapters). Published in securer-core's test jar; not part of the API.
 */
public final class TestValues {
    private TestValues() {
    }

    public static RExecutionException rError(String message, String call, List<String> output) {
        return new RExecutionException(message, call, output);
    }

    /** An R error with the console transcript the runtime reports (output, then R's own error text). */
    public static RExecutionException rError(String message, String call, List<String> output, List<String> console) {
        return new RExecutionException(message, call, output, console, false);
    }

    /** The R process died while running the code. */
    public static RExecutionException processDied(String message) {
        return new RExecutionException(message, null, List.of(), List.of(), true);
    }

    public static RSyntaxException syntaxError(String parseError) {
        return new RSyntaxException(parseError);
    }

    public static ExecutionTimeoutException timeout(Duration timeout, boolean killed) {
        return new ExecutionTimeoutException(timeout, killed);
    }

    public static ToolCallLimitException toolCallLimit(int limit) {
        return new ToolCallLimitException(limit);
    }

    public static ExecutionRejectedException rejected(String why) {
        return new ExecutionRejectedException(why);
    }

    public static SessionClosedException closed(String why) {
        return new SessionClosedException(why);
    }

    public static IpcProtocolException protocolViolation(String what) {
        return new IpcProtocolException(what);
    }

    /** {@code e}, marked as having found the session restarted before the code ran. */
    public static <E extends SecurerException> E afterRestart(E e) {
        e.restarted(true);
        return e;
    }

    /** A snapshot with one object entry whose content is {@code payload} (opaque to the host anyway). */
    public static SessionSnapshot snapshot(String objectName, byte[] payload, List<String> skipped) {
        return new SessionSnapshot(skipped, List.of(new SessionSnapshot.Entry(SessionSnapshot.Kind.OBJECT, objectName,
                payload)));
    }

    public static ExecutionResult result(JsonNode value, String printed, boolean visible, List<String> rClass,
                                         List<String> output, int droppedLines, boolean sessionRestarted) {
        java.util.List<String> console = new java.util.ArrayList<>(output);
        if (visible && !printed.isEmpty()) {
            console.addAll(java.util.Arrays.asList(printed.split("\n", -1)));
        }
        return new ExecutionResult(value, false, printed, visible, rClass, output, console, droppedLines, 0,
                Duration.ofMillis(1), List.of(), sessionRestarted);
    }

    /** A result with its console transcript given explicitly (e.g. warnings after the printed value). */
    public static ExecutionResult result(JsonNode value, String printed, boolean visible, List<String> rClass,
                                         List<String> output, List<String> console, List<Plot> plots) {
        return new ExecutionResult(value, false, printed, visible, rClass, output, console, 0, 0, Duration.ofMillis(1),
                plots, false);
    }
}
