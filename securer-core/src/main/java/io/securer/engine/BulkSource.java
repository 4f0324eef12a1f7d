package io.securer.engine;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Bytes the host streams to the child on its bulk channel (stdin) right after announcing them in
 * a message: data-frame columns, a file, a snapshot. {@link #size()} is exactly what
 * {@link #writeTo} writes; the runtime reads that many bytes whatever happens, so the channel
 * stays in step.
 */
public interface BulkSource {
    long size();

    void writeTo(OutputStream out) throws IOException;
}
