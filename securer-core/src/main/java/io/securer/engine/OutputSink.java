package io.securer.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Collects the output lines of one execution. Written by the output pump thread, read by the
 * executing thread after the end fence was seen (the event queue hands over the happens-before).
 *
 * <p>Memory is bounded whatever the child prints: at most {@code maxLines} lines are kept (null:
 * no count limit) and at most {@link #MAX_CAPTURED_BYTES}, where every line costs its characters
 * plus {@link #LINE_OVERHEAD} (so millions of empty lines cannot fill the heap either). Lines past
 * either limit are counted in {@link #dropped()} and still go to the handler.
 */
public final class OutputSink {
    /** Captured output kept in memory per execution, whatever maxOutputLines says. */
    public static final long MAX_CAPTURED_BYTES = 8L * 1024 * 1024;
    /** What one kept line costs against the cap beyond its characters (object and list overhead). */
    public static final int LINE_OVERHEAD = 48;
    private static final Logger LOG = LoggerFactory.getLogger(OutputSink.class);

    private final String nonce;
    private final Consumer<String> handler;
    private final Integer maxLines;
    private final List<String> lines = new ArrayList<>();
    private long capturedBytes;
    private int dropped;
    private boolean overByteCap;
    private volatile boolean started;
    private volatile boolean closed;

    public OutputSink(String nonce, Consumer<String> handler, Integer maxLines) {
        this.nonce = nonce;
        this.handler = handler;
        this.maxLines = maxLines;
    }

    /** The random nonce of this execution's start and end marks. */
    public String nonce() {
        return nonce;
    }

    boolean isStarted() {
        return started;
    }

    void start() {
        started = true;
    }

    boolean isClosed() {
        return closed;
    }

    void close() {
        closed = true;
    }

    synchronized void accept(String line) {
        if (closed) {
            return;
        }
        long cost = (long) line.length() * 2 + LINE_OVERHEAD;
        boolean underCount = maxLines == null || lines.size() < maxLines;
        if (underCount && capturedBytes + cost <= MAX_CAPTURED_BYTES) {
            lines.add(line);
            capturedBytes += cost;
        } else {
            overByteCap |= underCount;
            dropped++;
        }
        if (handler != null) {
            try {
                handler.accept(line);
            } catch (RuntimeException e) {
                LOG.warn("output handler threw; line still captured", e);
            }
        }
    }

    /** The captured lines: only what R printed, at most {@code maxLines}. */
    public synchronized List<String> lines() {
        return List.copyOf(lines);
    }

    /** Lines R printed that are not in {@link #lines()}. */
    public synchronized int dropped() {
        return dropped;
    }

    /** True when lines were dropped because of the memory cap rather than {@code maxLines}. */
    public synchronized boolean droppedForMemory() {
        return overByteCap;
    }
}
