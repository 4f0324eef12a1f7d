package io.securer.mcp;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Wraps the server's stdin and notices when the client closes it (end of input, or a read error),
 * which for a stdio MCP server means "shut down": the SDK's transport stops reading but tells no
 * one. Thread-safe.
 */
final class EndOfInput extends FilterInputStream {
    private final CountDownLatch ended = new CountDownLatch(1);

    EndOfInput(InputStream in) {
        super(in);
    }

    @Override
    public int read() throws IOException {
        return noticed(() -> super.read());
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        return noticed(() -> super.read(b, off, len));
    }

    private interface Read {
        int run() throws IOException;
    }

    private int noticed(Read read) throws IOException {
        try {
            int n = read.run();
            if (n < 0) {
                ended.countDown();
            }
            return n;
        } catch (IOException e) {
            ended.countDown();
            throw e;
        }
    }

    /** Marks the input as ended without reading (e.g. the server is shutting down for another reason). */
    void end() {
        ended.countDown();
    }

    /** Waits until the input ended; true if it did within {@code timeout}. */
    boolean await(Duration timeout) throws InterruptedException {
        return ended.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    boolean ended() {
        return ended.getCount() == 0;
    }
}
