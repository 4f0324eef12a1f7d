package io.securer;

import io.securer.engine.BulkSource;
import io.securer.engine.ChildLink;
import io.securer.engine.Threads;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Streams one {@link BulkSource} to a child's bulk channel on its own thread, so that the
 * executing thread keeps reading the child's events (and its deadline) while the pipe is full.
 * The runtime reads exactly the announced bytes whatever happens; a transfer that did not end,
 * or ended in an error while the child lives, leaves the channel out of step and the child must
 * be replaced.
 */
final class BulkWriter {
    private final Thread thread;
    private volatile IOException failure;
    private volatile boolean done;

    private BulkWriter(ChildLink child, BulkSource source, String name) {
        this.thread = Threads.daemon(name, () -> {
            try {
                OutputStream out = child.bulkInput();
                source.writeTo(out);
                out.flush();
                done = true;
            } catch (IOException e) {
                failure = e;
            } catch (RuntimeException e) {
                failure = new IOException(e.toString(), e);
            }
        });
    }

    static BulkWriter start(ChildLink child, BulkSource source, String name) {
        BulkWriter w = new BulkWriter(child, source, name);
        w.thread.start();
        return w;
    }

    /** Waits up to {@code millis} for the transfer; true when every byte was written. */
    boolean await(long millis) throws InterruptedException {
        thread.join(Math.max(1, millis));
        return done;
    }

    /** Why the transfer failed, or null. */
    IOException failure() {
        return failure;
    }
}
