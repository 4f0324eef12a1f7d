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
}
