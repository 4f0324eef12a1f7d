package io.securer.engine;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Optional;

/**
 * What an execution needs from a running child, and nothing more: send a message, wait for the
 * next event, route output, interrupt, give up. {@link Child} is the real one; tests drive the
 * execution state machine through a fake.
 */
public interface ChildLink {
    /** Sends one message to the runtime. */
    void send(HostMessage message) throws IOException;

    /**
     * The child's bulk channel (its stdin), for the bytes a message announced; one transfer at a
     * time, written off the executing thread so that a child that stops reading cannot block it.
     */
    OutputStream bulkInput();

    /** The next event, or null when {@code deadline} ({@link System#nanoTime()}) passes first. */
    ChildEvent next(long deadline) throws InterruptedException;

    /** The next event if one is already queued, else null. */
    ChildEvent poll();

    /** Where the child's output lines go until {@link #detachOutput()}. */
    void attachOutput(OutputSink sink);

    void detachOutput();

    /** Posts a finished host tool call to this child's event queue (from a tool thread). */
    void postToolDone(ChildEvent.ToolDone done);

    /** Sends R an interrupt (SIGINT); false if it could not be delivered. */
    boolean interrupt();

    /** Hands back a chunk's array once its bytes were copied out; the reader may fill it again. */
    default void recycle(byte[] data) {
    }

    /** An operation that received data is over: arrays kept for chunks can go. */
    default void transferDone() {
    }

    /** Kills the child; idempotent. */
    void close();

    /**
     * Why the child died, when the host can tell (e.g. the OOM killer in its memory cgroup);
     * empty otherwise. Complete only once the child is closed.
     */
    default Optional<ExitCause> exitCause() {
        return Optional.empty();
    }
}
