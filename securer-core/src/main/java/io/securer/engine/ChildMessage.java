package io.securer.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Objects;

/**
 * A message the child sent, after {@link ChildMessageDecoder} validated it. Everything here came
 * from untrusted code: field presence, types and sizes are checked, but ids still have to be
 * matched against the host's state by the receiver.
 */
public sealed interface ChildMessage {

    /** First message on the socket: proves the peer knows the token passed on stdin. */
    record Hello(int protocol, String token, long pid, String rVersion) implements ChildMessage {
        public Hello {
            Objects.requireNonNull(token);
            Objects.requireNonNull(rVersion);
        }

        @Override
        public String toString() {
            return "Hello[protocol=" + protocol + ", pid=" + pid + ", rVersion=" + rVersion + "]";
        }
    }

    /** The child installed the tools and waits for work. */
    record Ready() implements ChildMessage {
    }

    /** R code called host tool {@code tool}; the child blocks until the matching tool_result. */
    record ToolCall(long exec, long call, String tool, ObjectNode args) implements ChildMessage {
    }

    /**
     * Execution {@code exec} finished with a value; {@code omitted}: the value was too large for
     * JSON and {@code value} is null.
     */
    record Result(long exec, JsonNode value, boolean omitted, String printed, boolean visible, List<String> rClass)
            implements ChildMessage {
        public Result {
            rClass = List.copyOf(rClass);
        }
    }

    /** Execution {@code exec} failed. */
    record Failure(long exec, Kind kind, String message, String call) implements ChildMessage {
        /** Why the execution failed. */
        public enum Kind { SYNTAX, RUNTIME, INTERRUPTED }
    }

    /** The runtime read the interrupt notice for {@code exec} and no interrupt is pending any more. */
    record InterruptAck(long exec) implements ChildMessage {
    }

    /** Answer to a validate request. */
    record Validation(long exec, boolean valid, String error, List<String> warnings) implements ChildMessage {
        public Validation {
            warnings = List.copyOf(warnings);
        }
    }
}
