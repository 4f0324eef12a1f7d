package io.securer.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the child's merged stdout/stderr (one pipe, so lines keep R's order) on its own thread
 * and routes each line to the current execution's {@link OutputSink}. A fence line the runtime
 * prints at the end of each execution closes that sink, so no line lands in the wrong result.
 * Lines outside an execution are logged at DEBUG and kept in a short tail for start-up errors.
 */
public final class OutputPump implements Runnable {
    public static final String FENCE_MARK = "\u001fSECURER-FENCE:";
    private static final Logger LOG = LoggerFactory.getLogger(OutputPump.class);
    private static final int MAX_LINE_BYTES = 64 * 1024;
    private static final int TAIL_LINES = 40;

    private final InputStream in;
    private final Consumer<String> onFence;
    private final Deque<String> tail = new ArrayDeque<>();
    private volatile OutputSink sink;

    public OutputPump(InputStream in, Consumer<String> onFence) {
        this.in = in;
        this.onFence = onFence;
    }

    public void attach(OutputSink s) {
        this.sink = s;
    }

    public void detach() {
        this.sink = null;
    }

    /** The last lines seen outside any execution (e.g. R's start-up errors). */
    public String tail() {
        synchronized (tail) {
            return String.join("\n", tail);
        }
    }

    @Override
    public void run() {
        ByteArrayOutputStream line = new ByteArrayOutputStream(256);
        // Past the cap, bytes are dropped, except a fence mark: output without a trailing
        // newline puts the fence on the same (possibly over-long) line, and losing it would
        // leave the execution waiting for a fence that never comes.
        ByteArrayOutputStream fenceTail = new ByteArrayOutputStream(64);
        byte[] buf = new byte[8192];
        boolean overlong = false;
        try {
            int n;
            while ((n = in.read(buf)) >= 0) {
                for (int i = 0; i < n; i++) {
                    byte b = buf[i];
                    if (b == '\n') {
                        deliver(line.toString(StandardCharsets.UTF_8) + (overlong ? " ... [line truncated]" : "")
                                + fenceTail.toString(StandardCharsets.UTF_8));
                        line.reset();
                        fenceTail.reset();
                        overlong = false;
                    } else if (line.size() < MAX_LINE_BYTES) {
                        line.write(b);
                    } else {
                        overlong = true;
                        if (b == 0x1f) {
                            fenceTail.reset();
                            fenceTail.write(b);
                        } else if (fenceTail.size() > 0 && fenceTail.size() < 128) {
                            fenceTail.write(b);
                        }
                    }
                }
            }
            if (line.size() > 0) {
                deliver(line.toString(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            LOG.debug("child output stream closed: {}", e.toString());
        }
    }

    private void deliver(String text) {
        int mark = text.indexOf(FENCE_MARK);
        String content = mark >= 0 ? text.substring(0, mark) : text;
        OutputSink s = sink;
        if (mark < 0 || !content.isEmpty()) {
            if (s != null && !s.isClosed()) {
                s.accept(content);
            } else {
                LOG.debug("child output outside an execution: {}", content);
                synchronized (tail) {
                    tail.addLast(content);
                    if (tail.size() > TAIL_LINES) {
                        tail.removeFirst();
                    }
                }
            }
        }
        if (mark >= 0) {
            String nonce = text.substring(mark + FENCE_MARK.length()).strip();
            if (s != null && s.fence().equals(nonce)) {
                s.close();
            }
            onFence.accept(nonce);
        }
    }
}
