package io.securer;

/** Size caps the host applies to what the child sends besides JSON lines. */
final class RuntimeLimits {
    /** Data in one chunk of a transfer (data frames, files, snapshots). */
    static final int CHUNK_BYTES = 4 * 1024 * 1024;

    private RuntimeLimits() {
    }

    /** The largest data one message may carry: a plot (whole) or a chunk. */
    static int payloadCap(SessionConfig config) {
        return (int) Math.min(Integer.MAX_VALUE - 16, Math.max(config.maxPlotBytes(), CHUNK_BYTES));
    }

    /**
     * The largest JSON value (and tool arguments) the runtime may send: {@code maxValueBytes},
     * within one message of {@code maxMessageBytes} with room for the message around it (64 KiB,
     * or a quarter of a small message cap).
     */
    static long valueBudget(SessionConfig config) {
        long room = Math.min(65_536L, config.maxMessageBytes() / 4L);
        return Math.min(config.maxValueBytes(), config.maxMessageBytes() - room);
    }
}
