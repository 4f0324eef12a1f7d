package io.securer.engine;

import com.fasterxml.jackson.databind.JsonNode;


/** Something that happened to a child, delivered to the executing thread through one queue. */
public sealed interface ChildEvent {
    /** A validated message from the child. */
    record Message(ChildMessage message) implements ChildEvent {
    }

    /** The child broke the protocol; the connection is no longer read. */
    record Violation(ProtocolViolationException error) implements ChildEvent {
    }

    /** The output pump saw the fence line with this nonce. */
    record Fenced(String nonce) implements ChildEvent {
    }

    /** Reading the child's output failed; the execution cannot be fenced and the child must go. */
    record OutputFailed(Throwable error) implements ChildEvent {
    }

    /** The child's socket reached EOF. */
    record SocketClosed() implements ChildEvent {
    }

    /** The child process exited. */
    record Exited(int status) implements ChildEvent {
    }

    /**
     * A host tool finished: a value (R gets it invisibly when {@code invisible}), a data frame to
     * stream, or an already sanitized error message.
     */
    record ToolDone(long exec, long call, JsonNode value, boolean invisible, String error, OutboundFrame frame)
            implements ChildEvent {
        public ToolDone(long exec, long call, JsonNode value, boolean invisible, String error) {
            this(exec, call, value, invisible, error, null);
        }
    }
}
