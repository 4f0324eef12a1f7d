package io.securer;

import java.time.Duration;
import java.util.function.Consumer;

/**
 * Per-call settings for {@link SecureSession#execute(String, ExecuteOptions)}. Immutable and
 * thread-safe; build with {@link #builder()} or change a copy with {@link #toBuilder()}. A null
 * limit means "no limit" throughout.
 *
 * <ul>
 *   <li>{@code timeout}: wall-clock limit, or null for none. On expiry R is interrupted; if it does
 *       not answer within the session's grace period the child is killed and restarted.</li>
 *   <li>{@code validate}: refuse code with NUL characters on the host before sending it. The code
 *       length is always checked, and the child always parses the whole code before running any.</li>
 *   <li>{@code outputHandler}: receives each stdout/stderr line as it arrives, on a securer thread.</li>
 *   <li>{@code maxToolCalls}: host tool calls allowed in this execution, or null for unlimited.</li>
 *   <li>{@code maxCodeLength}: longest code accepted, in characters (default 100 000).</li>
 *   <li>{@code maxOutputLines}: output lines kept in the result, or null for unlimited; the rest
 *       are counted in {@link ExecutionResult#droppedOutputLines()} (the handler sees every line).</li>
 *   <li>{@code callContext}: an opaque object handed to every tool handler of this execution as
 *       {@link ToolArgs#context()} (e.g. the chat memory id).</li>
 * </ul>
 */
public final class ExecuteOptions {
    public static final int DEFAULT_MAX_CODE_LENGTH = 100_000;
    private static final ExecuteOptions DEFAULTS = builder().build();

    private final Duration timeout;
    private final boolean validate;
    private final Consumer<String> outputHandler;
    private final Integer maxToolCalls;
    private final int maxCodeLength;
    private final Integer maxOutputLines;
    private final Object callContext;

    private ExecuteOptions(Builder b) {
        this.timeout = Durations.positiveOrNull("timeout", b.timeout);
        if (b.maxToolCalls != null && b.maxToolCalls < 0) {
            throw new IllegalArgumentException("maxToolCalls must be >= 0, got " + b.maxToolCalls);
        }
        if (b.maxCodeLength <= 0) {
            throw new IllegalArgumentException("maxCodeLength must be positive, got " + b.maxCodeLength);
        }
        if (b.maxOutputLines != null && b.maxOutputLines < 0) {
            throw new IllegalArgumentException("maxOutputLines must be >= 0, got " + b.maxOutputLines);
        }
        this.validate = b.validate;
        this.outputHandler = b.outputHandler;
        this.maxToolCalls = b.maxToolCalls;
        this.maxCodeLength = b.maxCodeLength;
        this.maxOutputLines = b.maxOutputLines;
        this.callContext = b.callContext;
    }

    /** No timeout, validation on, no handler, unlimited tool calls and output, 100 000 characters of code. */
    public static ExecuteOptions defaults() {
        return DEFAULTS;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder pre-filled with these options. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.timeout = timeout;
        b.validate = validate;
        b.outputHandler = outputHandler;
        b.maxToolCalls = maxToolCalls;
        b.maxCodeLength = maxCodeLength;
        b.maxOutputLines = maxOutputLines;
        b.callContext = callContext;
        return b;
    }

    public Duration timeout() {
        return timeout;
    }

    public boolean validate() {
        return validate;
    }

    public Consumer<String> outputHandler() {
        return outputHandler;
    }

    public Integer maxToolCalls() {
        return maxToolCalls;
    }

    public int maxCodeLength() {
        return maxCodeLength;
    }

    public Integer maxOutputLines() {
        return maxOutputLines;
    }

    public Object callContext() {
        return callContext;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ExecuteOptions x && java.util.Objects.equals(timeout, x.timeout) && validate == x.validate
                && java.util.Objects.equals(outputHandler, x.outputHandler)
                && java.util.Objects.equals(maxToolCalls, x.maxToolCalls) && maxCodeLength == x.maxCodeLength
                && java.util.Objects.equals(maxOutputLines, x.maxOutputLines)
                && java.util.Objects.equals(callContext, x.callContext);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(timeout, validate, outputHandler, maxToolCalls, maxCodeLength, maxOutputLines,
                callContext);
    }

    @Override
    public String toString() {
        return "ExecuteOptions[timeout=" + Durations.format(timeout) + ", maxToolCalls=" + maxToolCalls
                + ", maxCodeLength=" + maxCodeLength + ", maxOutputLines=" + maxOutputLines + "]";
    }

    /** Builder; not thread-safe. */
    public static final class Builder {
        private Duration timeout;
        private boolean validate = true;
        private Consumer<String> outputHandler;
        private Integer maxToolCalls;
        private int maxCodeLength = DEFAULT_MAX_CODE_LENGTH;
        private Integer maxOutputLines;
        private Object callContext;

        private Builder() {
        }

        /** Wall-clock limit; null (default) for none. */
        public Builder timeout(Duration timeout) {
            this.timeout = timeout;
            return this;
        }

        public Builder validate(boolean validate) {
            this.validate = validate;
            return this;
        }

        public Builder outputHandler(Consumer<String> outputHandler) {
            this.outputHandler = outputHandler;
            return this;
        }

        /** Host tool calls allowed per execution; null (default) for unlimited. */
        public Builder maxToolCalls(Integer maxToolCalls) {
            this.maxToolCalls = maxToolCalls;
            return this;
        }

        public Builder maxCodeLength(int maxCodeLength) {
            this.maxCodeLength = maxCodeLength;
            return this;
        }

        /** Output lines kept in the result; null (default) for unlimited. */
        public Builder maxOutputLines(Integer maxOutputLines) {
            this.maxOutputLines = maxOutputLines;
            return this;
        }

        /** Passed to every tool handler of the execution as {@link ToolArgs#context()}. */
        public Builder callContext(Object callContext) {
            this.callContext = callContext;
            return this;
        }

        /** @throws IllegalArgumentException when a value is out of range */
        public ExecuteOptions build() {
            return new ExecuteOptions(this);
        }
    }
}
