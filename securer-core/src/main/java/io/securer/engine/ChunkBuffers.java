package io.securer.engine;

import java.util.concurrent.ArrayBlockingQueue;

/**
 * Arrays for the chunks of data the child sends, handed back once their bytes were copied out and
 * given out again, so that a large transfer does not make a new array per chunk. For a million-row
 * frame those arrays were about 40 MB of the JVM's young generation per transfer, and every young
 * collection they brought on copied the strings already decoded. Holds at most {@link #KEPT}
 * arrays; {@link #clear()} lets them go when a transfer is over. Thread-safe: the socket reader
 * takes, the executing thread gives back.
 */
public final class ChunkBuffers {
    /** The size of every pooled array: the largest chunk the runtime sends on the socket. */
    public static final int SIZE = 131072;
    static final int KEPT = 16;

    private final ArrayBlockingQueue<byte[]> spare = new ArrayBlockingQueue<>(KEPT);

    /** An array of {@link #SIZE} bytes (its content is whatever it held before). */
    byte[] take() {
        byte[] b = spare.poll();
        return b != null ? b : new byte[SIZE];
    }

    /** Takes back an array from {@link #take()}; anything else is ignored. */
    void give(byte[] b) {
        if (b != null && b.length == SIZE) {
            spare.offer(b);
        }
    }

    /** Lets the kept arrays go. */
    void clear() {
        spare.clear();
    }

    int kept() {
        return spare.size();
    }
}
