package io.securer.micrometer;

/**
 * The error {@link ObservationSessionListener} puts on the observation of a failed execution or
 * tool call ({@code Observation.error}): it carries the failure's message as the session reported
 * it (already cut to a bound, sanitized when the session sanitizes errors) and its error kind, the
 * value of {@link SecurerObservation.LowCardinalityKeys#ERROR_KIND}. Not thrown by securer; it has
 * no stack trace, since it describes a failure in R or in a tool, not in this JVM's code.
 */
public final class ObservedFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String kind;

    /**
     * @param kind    the error kind, e.g. {@code r_error} or {@code tool_error}
     * @param message what the session reported, or null when it said nothing
     */
    public ObservedFailure(String kind, String message) {
        super(message == null ? kind : message, null, false, false);
        this.kind = kind;
    }

    /** The error kind, as in the {@code securer.error.kind} tag. */
    public String kind() {
        return kind;
    }
}
