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

    /** What writes a source's bytes. */
    @FunctionalInterface
    interface Writer {
        void writeTo(OutputStream out) throws IOException;
    }

    /** A source of exactly {@code size} bytes, which {@code writer} writes. */
    static BulkSource of(long size, Writer writer) {
        return new BulkSource() {
            @Override
            public long size() {
                return size;
            }

            @Override
            public void writeTo(OutputStream out) throws IOException {
                writer.writeTo(out);
            }
        };
    }

    /** A source of the bytes of {@code data} (not copied). */
    static BulkSource of(byte[] data) {
        return of(data.length, out -> out.write(data));
    }
}
