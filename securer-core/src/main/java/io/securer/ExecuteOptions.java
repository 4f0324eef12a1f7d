package io.securer;

import java.time.Duration;
import java.util.function.Consumer;

/**
 * Per-call settings for {@link SecureSession#execute(String, ExecuteOptions)}. Immutable.
 *
 * @param timeout        wall-clock limit, or null for none. On expiry R is interrupted; if it does
 *                       not answer within the session's grace period the child is killed and restarted
 * @param validate       check the code on the host before sending it (length, NUL characters); the
 *                       child always parses the whole code before running any of it
 * @param outputHandler  receives each stdout/stderr line as it arrives, on a securer thread; may be null
 * @param maxToolCalls   tool calls allowed in this execution, or null for unlimited
 * @param maxCodeLength  longest code accepted, in characters
 * @param maxOutputLines output lines kept in the result, or null for unlimited (the handler sees all)
 * @param callContext    an opaque object handed to every tool handler of this execution as
 *                       {@link ToolArgs#context()} (e.g. the chat memory id); may be null
 */
public record ExecuteOptions(Duration timeout, boolean validate, Consumer<String> outputHandler,
                             Integer maxToolCalls, int maxCodeLength, Integer maxOutputLines, Object callContext) {

    public static final int DEFAULT_MAX_CODE_LENGTH = 100_000;
    private static final ExecuteOptions DEFAULTS = builder().build();

    public ExecuteOptions {
        if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
            throw new IllegalArgumentException("timeout must be positive, got " + timeout);
        }
        if (maxToolCalls != null && maxToolCalls < 0) {
            throw new IllegalArgumentException("maxToolCalls must be >= 0, got " + maxToolCalls);
        }
        if (maxCodeLength <= 0) {
            throw new IllegalArgumentException("maxCodeLength must be positive, got " + maxCodeLength);
        }
        if (maxOutputLines != null && maxOutputLines < 0) {
            throw new IllegalArgumentException("maxOutputLines must be >= 0, got " + maxOutputLines);
        }
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

        public Builder maxToolCalls(Integer maxToolCalls) {
            this.maxToolCalls = maxToolCalls;
            return this;
        }

        public Builder maxCodeLength(int maxCodeLength) {
            this.maxCodeLength = maxCodeLength;
            return this;
        }

        public Builder maxOutputLines(Integer maxOutputLines) {
            this.maxOutputLines = maxOutputLines;
            return this;
        }

        /** Passed to every tool handler of the execution as {@link ToolArgs#context()}. */
        public Builder callContext(Object callContext) {
            this.callContext = callContext;
            return this;
        }

        public ExecuteOptions build() {
            return new ExecuteOptions(timeout, validate, outputHandler, maxToolCalls, maxCodeLength, maxOutputLines,
                    callContext);
        }
    }
}
