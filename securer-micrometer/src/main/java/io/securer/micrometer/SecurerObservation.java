package io.securer.micrometer;

import io.micrometer.common.docs.KeyName;
import io.micrometer.observation.Observation;
import io.micrometer.observation.docs.ObservationDocumentation;

/**
 * The observations {@link ObservationSessionListener} makes, with their key names: the single
 * place where names and tags are spelled, for the listener, its tests and the docs
 * ({@code docs/spring-boot.md}). Low-cardinality keys become metric tags; high-cardinality keys
 * (ids) go to traces only.
 */
public enum SecurerObservation implements ObservationDocumentation {

    /** One {@code execute}: from {@code ExecutionStarted} to {@code ExecutionFinished}. */
    EXECUTE {
        @Override
        public String getName() {
            return "securer.execute";
        }

        @Override
        public String getContextualName() {
            return "securer execute";
        }

        @Override
        public KeyName[] getLowCardinalityKeyNames() {
            return new KeyName[] {LowCardinalityKeys.SANDBOX, LowCardinalityKeys.OUTCOME, LowCardinalityKeys.ERROR_KIND};
        }

        @Override
        public KeyName[] getHighCardinalityKeyNames() {
            return new KeyName[] {HighCardinalityKeys.SESSION_ID, HighCardinalityKeys.MEMORY_ID,
                    HighCardinalityKeys.EXECUTION};
        }

        @Override
        public Observation.Event[] getEvents() {
            return new Observation.Event[] {Events.TIMEOUT, Events.RESTART};
        }
    },

    /** One host tool call made by R code, a child of its {@link #EXECUTE} observation. */
    TOOL_CALL {
        @Override
        public String getName() {
            return "securer.tool.call";
        }

        @Override
        public String getContextualName() {
            return "securer tool";
        }

        @Override
        public KeyName[] getLowCardinalityKeyNames() {
            return new KeyName[] {LowCardinalityKeys.SANDBOX, LowCardinalityKeys.TOOL_NAME, LowCardinalityKeys.OUTCOME,
                    LowCardinalityKeys.ERROR_KIND};
        }

        @Override
        public KeyName[] getHighCardinalityKeyNames() {
            return new KeyName[] {HighCardinalityKeys.SESSION_ID, HighCardinalityKeys.MEMORY_ID,
                    HighCardinalityKeys.EXECUTION, HighCardinalityKeys.CALL};
        }
    };

    /**
     * Name of the timer of session start-ups: the time the first R process took to start, with
     * the {@link LowCardinalityKeys#SANDBOX} tag. A timer rather than an observation because the
     * event arrives after the start-up, and an observation cannot be given a start time afterwards.
     */
    public static final String SESSION_START = "securer.session.start";

    /** The error kind of a run that succeeded. */
    public static final String NO_ERROR = "none";
    /** The error kind of a tool call that was refused or failed. */
    public static final String TOOL_ERROR = "tool_error";
    /**
     * The error kind of an observation the listener ended without a finish event: a tool call
     * still open when its execution ended (a timeout cancels a hanging tool), or an execution
     * still open when its session closed or started the next one.
     */
    public static final String UNFINISHED = "unfinished";
    /** The sandbox tag of a session whose start the listener did not see. */
    public static final String UNKNOWN = "unknown";

    /** Tags on metrics and traces; each has a small, fixed set of values. */
    public enum LowCardinalityKeys implements KeyName {
        /** {@code none}, {@code bubblewrap}, {@code seatbelt} ({@link io.securer.SandboxMode#label()}), or {@code unknown}. */
        SANDBOX("securer.sandbox"),
        /** {@code success} or {@code error}. */
        OUTCOME("securer.outcome"),
        /**
         * {@code none} on success; for an execution the lower-case {@link io.securer.SessionEvent.Outcome}
         * ({@code r_error}, {@code syntax_error}, {@code timeout}, {@code tool_limit}, {@code protocol_error},
         * {@code process_died}, {@code closed}, {@code failed}); for a tool call {@code tool_error}; for
         * either {@code unfinished}.
         */
        ERROR_KIND("securer.error.kind"),
        /** The tool's name when the session declares it; {@code unknown} for names R made up. */
        TOOL_NAME("securer.tool.name");

        private final String key;

        LowCardinalityKeys(String key) {
            this.key = key;
        }

        @Override
        public String asString() {
            return key;
        }
    }

    /** Attributes for traces only: ids and counters with unbounded values. */
    public enum HighCardinalityKeys implements KeyName {
        /** The session's id ({@link io.securer.SecureSession#id()}). */
        SESSION_ID("securer.session.id"),
        /** The chat memory id of the call ({@link io.securer.ExecuteOptions#callContext()}), when there is one. */
        MEMORY_ID("securer.memory.id"),
        /** The execution's number within its session. */
        EXECUTION("securer.execution"),
        /** The tool call's number within its execution. */
        CALL("securer.call");

        private final String key;

        HighCardinalityKeys(String key) {
            this.key = key;
        }

        @Override
        public String asString() {
            return key;
        }
    }

    /** Events marked on an {@link #EXECUTE} observation. */
    public static final class Events {
        /** The timeout passed and R was sent an interrupt. */
        public static final Observation.Event TIMEOUT = Observation.Event.of("timeout",
                "the timeout passed; R was interrupted");
        /** The R process was replaced during the execution; R state is gone. */
        public static final Observation.Event RESTART = Observation.Event.of("restart",
                "the R process was replaced");

        private Events() {
        }
    }
}
