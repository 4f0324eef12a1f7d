package io.securer.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Collects the output lines of one execution. Written by the output pump thread, read by the
 * executing thread after the fence was seen (the event queue hands over the happens-before).
 */
public final class OutputSink {
    private static final Logger LOG = LoggerFactory.getLogger(OutputSink.class);

    private final String fence;
    private final Consumer<String> handler;
    private final Integer maxLines;
    /**
     * Captured output kept in memory per execution, whatever maxOutputLines says: hostile code
     * printing forever must not exhaust the host's heap. The handler still sees every line.
     */
    public static final long MAX_CAPTURED_CHARS = 8L * 1024 * 1024;

    private final List<String> lines = new ArrayList<>();
    private long capturedChars;
    private int dropped;
    private boolean overCharCap;
    private volatile boolean closed;

    public OutputSink(String fence, Consumer<String> handler, Integer maxLines) {
        this.fence = fence;
        this.handler = handler;
        this.maxLines = maxLines;
    }

    String fence() {
        return fence;
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
        if ((maxLines == null || lines.size() < maxLines) && capturedChars + line.length() <= MAX_CAPTURED_CHARS) {
            lines.add(line);
            capturedChars += line.length();
        } else {
            overCharCap |= maxLines == null || lines.size() < maxLines;
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

    /** The captured lines, plus a note when {@code maxOutputLines} cut some off. */
    public synchronized List<String> lines() {
        List<String> out = new ArrayList<>(lines);
        if (dropped > 0) {
            out.add("... [" + dropped + " more output lines dropped: " + (overCharCap
                    ? "captured output is capped at " + MAX_CAPTURED_CHARS + " characters"
                    : "maxOutputLines=" + maxLines) + "]");
        }
        return out;
    }
}
