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
 * and routes lines to the current execution's {@link OutputSink}. The runtime writes mark lines
 * carrying the execution's random nonce: START and FENCE bracket the execution (only lines between
 * them reach the sink, so output written between executions, e.g. by a background process, can
 * never be attributed to one); PRINTED, OUTPUT and ERROR switch the sink's section; WARN precedes
 * R's deferred warnings. A mark with another nonce is ordinary text. Everything else is logged at DEBUG and kept
 * in a short tail for start-up errors.
 *
 * <p>If reading fails with anything but end of stream (an I/O error, or any exception or error
 * such as {@link OutOfMemoryError}), the failure is reported through {@code onFailure} instead of
 * the thread dying silently: an execution waiting for its end mark then ends with an exception
 * rather than waiting forever. (A failure after the child was closed reaches nobody.)
 */
public final class OutputPump implements Runnable {
    /** The prefix of every mark line the runtime writes; the kind, a colon and the nonce follow. */
    public static final String MARK = "\u001fSECURER-";
    /** Marks the end of an execution's output. */
    public static final String FENCE_MARK = MARK + "FENCE:";
    /** Marks the start of an execution's output. */
    public static final String START_MARK = MARK + "START:";
    /** The common prefix as the runtime writes it in R source. */
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
            LOG.debug("reading the child's output failed: {}", e.toString());
            onFailure.accept(e);
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
        if (s == null || s.isClosed()) {
            keep(text);
            return;
        }
        int at = text.lastIndexOf(MARK);
        String kind = null;
        if (at >= 0 && text.endsWith(":" + s.nonce())) {
            int colon = text.length() - s.nonce().length() - 1;
            if (colon > at + MARK.length()) {
                kind = text.substring(at + MARK.length(), colon);
            }
        }
        if (!s.isStarted()) {
            if ("START".equals(kind)) {
                keep(text.substring(0, at));
                s.start();
            } else {
                keep(text);
            }
            return;
        }
        if (kind == null) {
            s.accept(text);
            return;
        }
        if (at > 0) {
            s.accept(text.substring(0, at)); // output without a trailing newline, then the mark
        }
        switch (kind) {
            case "PRINTED" -> s.switchTo(OutputSink.Section.PRINTED);
            case "OUTPUT" -> s.switchTo(OutputSink.Section.OUTPUT);
            case "ERROR" -> s.switchTo(OutputSink.Section.ERROR);
            case "WARN" -> s.dropNextAdditionPrefix();
            case "FENCE" -> {
                s.close();
                onFence.accept(s.nonce());
            }
            default -> s.accept(text); // not one of ours: the code printed it
        }
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
