package io.securer.engine;

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
 * and routes lines to the current execution's {@link OutputSink}. The runtime brackets each
 * execution's output with a start line and an end line carrying that execution's random nonce:
 * only lines between the two reach the sink, so output written between executions (e.g. by a
 * background process) can never be attributed to one. Everything else is logged at DEBUG and kept
 * in a short tail for start-up errors.
 *
 * <p>If reading fails with anything but end of stream (including {@link OutOfMemoryError}), the
 * failure is reported through {@code onFailure} instead of the thread dying silently.
 */
public final class OutputPump implements Runnable {
    /** Marks the end of an execution's output; the nonce follows. */
    public static final String FENCE_MARK = "\u001fSECURER-FENCE:";
    /** Marks the start of an execution's output; the nonce follows. */
    public static final String START_MARK = "\u001fSECURER-START:";
    /** The common prefix as the runtime writes it in R source (R has no \\u escapes for control characters in cat). */
    static final String FENCE_MARK_R = "\\037SECURER-";
    private static final Logger LOG = LoggerFactory.getLogger(OutputPump.class);
    private static final int MAX_LINE_BYTES = 64 * 1024;
    private static final int TAIL_LINES = 40;

    private final InputStream in;
    private final Consumer<String> onFence;
    private final Consumer<Throwable> onFailure;
    private final Deque<String> tail = new ArrayDeque<>();
    private volatile OutputSink sink;

    public OutputPump(InputStream in, Consumer<String> onFence, Consumer<Throwable> onFailure) {
        this.in = in;
        this.onFence = onFence;
        this.onFailure = onFailure;
    }

    /** Routes the lines between this sink's start and end marks to it. */
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
        try {
            pump();
        } catch (IOException e) {
            LOG.debug("child output stream closed: {}", e.toString());
        } catch (RuntimeException | Error e) {
            LOG.error("reading the child's output failed", e);
            onFailure.accept(e);
        }
    }

    private void pump() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(256);
        // Past the cap, bytes are dropped, except a mark: output without a trailing newline puts
        // the end mark on the same (possibly over-long) line, and losing it would leave the
        // execution waiting for a fence that never comes.
        ByteArrayOutputStream markTail = new ByteArrayOutputStream(64);
        byte[] buf = new byte[8192];
        boolean overlong = false;
        int n;
        while ((n = in.read(buf)) >= 0) {
            for (int i = 0; i < n; i++) {
                byte b = buf[i];
                if (b == '\n') {
                    deliver(line.toString(StandardCharsets.UTF_8) + (overlong ? " ... [line truncated]" : "")
                            + markTail.toString(StandardCharsets.UTF_8));
                    line.reset();
                    markTail.reset();
                    overlong = false;
                } else if (line.size() < MAX_LINE_BYTES) {
                    line.write(b);
                } else {
                    overlong = true;
                    if (b == 0x1f) {
                        markTail.reset();
                        markTail.write(b);
                    } else if (markTail.size() > 0 && markTail.size() < 128) {
                        markTail.write(b);
                    }
                }
            }
        }
        if (line.size() > 0) {
            deliver(line.toString(StandardCharsets.UTF_8));
        }
    }

    private void deliver(String text) {
        OutputSink s = sink;
        if (s != null && !s.isClosed()) {
            if (!s.isStarted()) {
                int at = text.indexOf(START_MARK + s.nonce());
                if (at >= 0 && text.length() == at + START_MARK.length() + s.nonce().length()) {
                    keep(text.substring(0, at));
                    s.start();
                    return;
                }
            } else {
                int at = text.indexOf(FENCE_MARK + s.nonce());
                if (at >= 0 && text.length() == at + FENCE_MARK.length() + s.nonce().length()) {
                    if (at > 0) {
                        s.accept(text.substring(0, at));
                    }
                    s.close();
                    onFence.accept(s.nonce());
                    return;
                }
                s.accept(text);
                return;
            }
        }
        keep(text);
    }

    private void keep(String text) {
        if (text.isEmpty()) {
            return;
        }
        LOG.debug("child output outside an execution: {}", text);
        synchronized (tail) {
            tail.addLast(text);
            if (tail.size() > TAIL_LINES) {
                tail.removeFirst();
            }
        }
    }
}
