package io.securer.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.securer.IpcProtocolException;

/** Something that happened to a child, delivered to the executing thread through one queue. */
public sealed interface ChildEvent {
    /** A validated message from the child. */
    record Message(ChildMessage message) implements ChildEvent {
    }

    /** The child broke the protocol; the connection is no longer read. */
    record Violation(IpcProtocolException error) implements ChildEvent {
    }

    /** The output pump saw the fence line with this nonce. */
    record Fenced(String nonce) implements ChildEvent {
    }

    /** The child's socket reached EOF. */
    record SocketClosed() implements ChildEvent {
    }

    /** The child process exited. */
    record Exited(int status) implements ChildEvent {
    }

    /** A host tool finished: a value, or an (already sanitized) error message. */
    record ToolDone(long exec, long call, JsonNode value, String error) implements ChildEvent {
    }
}
