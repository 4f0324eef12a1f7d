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

    /**
     * First message on the socket: proves the peer knows the token passed on stdin; {@code
     * bulkPipe}: R opened the write end of the session's {@link BulkPipe}.
     */
    record Hello(int protocol, String token, long pid, String rVersion, boolean bulkPipe) implements ChildMessage {
        public Hello {
            Objects.requireNonNull(token);
            Objects.requireNonNull(rVersion);
        }

        @Override
        public String toString() {
            return "Hello[protocol=" + protocol + ", pid=" + pid + ", rVersion=" + rVersion + ", bulkPipe=" + bulkPipe
                    + "]";
        }
    }

    /** The child installed the tools and waits for work. */
    record Ready() implements ChildMessage {
    }

    /** R code called host tool {@code tool}; the child blocks until the matching tool_result. */
    record ToolCall(long exec, long call, String tool, ObjectNode args) implements ChildMessage {
    }

    /**
     * A message followed on the socket by {@link #payloadSize()} raw bytes; the reader reads them
     * (within its caps) and hands over {@link #withPayload(byte[])}.
     */
    sealed interface WithPayload extends ChildMessage {
        int payloadSize();

        ChildMessage withPayload(byte[] data);
    }

    /**
     * Execution {@code exec} finished with a value; {@code omitted}: the value was too large for
     * JSON and {@code value} is null. (Its printed form came on stdout, between marks.)
     */
    record Result(long exec, JsonNode value, boolean omitted, boolean visible, List<String> rClass)
            implements ChildMessage {
        public Result {
            rClass = List.copyOf(rClass);
        }
    }

    /** Execution {@code exec} failed. */
    record Failure(long exec, Kind kind, String message, String call) implements ChildMessage {
        /**
         * Why the execution failed: the code did not parse, R raised an error, it was
         * interrupted; or an operation's data (TRANSFER), file (FILE) or snapshot (SNAPSHOT)
         * could not be moved.
         */
        public enum Kind { SYNTAX, RUNTIME, INTERRUPTED, TRANSFER, FILE, SNAPSHOT }
    }

    /** One graphic execution {@code exec} drew: an image file of {@code size} bytes follows. */
    record Plot(long exec, String mimeType, int width, int height, int size, byte[] data) implements WithPayload {
        @Override
        public int payloadSize() {
            return size;
        }

        @Override
        public ChildMessage withPayload(byte[] bytes) {
            return new Plot(exec, mimeType, width, height, size, bytes);
        }

        @Override
        public String toString() {
            return "Plot[exec=" + exec + ", " + mimeType + " " + width + "x" + height + ", " + size + " bytes]";
        }
    }

    /**
     * A data-frame column of operation {@code exec} follows, {@code bytes} in all: in {@link
     * Chunk}s on the socket, or ({@code piped}) on the {@link BulkPipe}, which the socket reader
     * turns into chunks as well. {@code na} counts the NA row numbers ending a string column's
     * payload.
     */
    record ColumnHeader(long exec, String name, WireType type, long rows, long na, long bytes, boolean piped)
            implements ChildMessage {
    }

    /**
     * A snapshot entry or a file of operation {@code exec} follows in {@link Chunk}s totalling
     * {@code bytes}; {@code kind} is {@code object} (R's serialization) or {@code file}.
     */
    record EntryHeader(long exec, String kind, String name, long bytes) implements ChildMessage {
    }

    /** The next piece of the column or entry announced last, {@code size} raw bytes. */
    record Chunk(long exec, int size, byte[] data) implements WithPayload {
        @Override
        public int payloadSize() {
            return size;
        }

        @Override
        public ChildMessage withPayload(byte[] bytes) {
            return new Chunk(exec, size, bytes);
        }

        @Override
        public String toString() {
            return "Chunk[exec=" + exec + ", " + size + " bytes]";
        }
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
