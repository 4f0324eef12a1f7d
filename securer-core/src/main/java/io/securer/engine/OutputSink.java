package io.securer.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Collects what one execution printed, line by line and in order, each line tagged with the
 * section the runtime's marks put it in: plain output, the printed form of the last value, or
 * R's report of an error. Written by the output pump thread, read by the executing thread after
 * the end fence was seen (the event queue hands over the happens-before).
 *
 * <p>Memory is bounded whatever the child prints: at most {@link #MAX_CAPTURED_BYTES} of plain
 * output and {@link #MAX_REPORT_BYTES} of printed value and error report (a flood of output cannot
 * push out the value's printed form), where every line costs its characters plus
 * {@link #LINE_OVERHEAD} (so millions of empty lines cannot fill the heap either), and at most
 * {@code maxLines} plain output lines (null: no count limit). Lines past any limit are counted in
 * {@link #dropped()} and still go to the handler.
 */
public final class OutputSink {
    /** Captured output kept in memory per execution, whatever maxOutputLines says. */
    public static final long MAX_CAPTURED_BYTES = 8L * 1024 * 1024;
    /** Printed value and error report kept in memory per execution, on top of the output. */
    public static final long MAX_REPORT_BYTES = 1024L * 1024;
    /** What one kept line costs against the cap beyond its characters (object and list overhead). */
    public static final int LINE_OVERHEAD = 48;
    private static final Logger LOG = LoggerFactory.getLogger(OutputSink.class);
    private static final String ADDITION = "In addition: ";

    /** Which part of the execution's transcript a line belongs to. */
    public enum Section {
        /** What the code printed (cat, print, message, warnings). */
        OUTPUT,
        /** The printed form of the last expression's value. */
        PRINTED,
        /** R's report of the error that ended the execution. */
        ERROR
    }

    private final String nonce;
    private final Consumer<String> handler;
    private final Integer maxLines;
    private final List<String> lines = new ArrayList<>();
    private final List<Section> sections = new ArrayList<>();
    private Section section = Section.OUTPUT;
    private boolean stripAddition;
    private int outputLines;
    private long capturedBytes;
    private long reportBytes;
    private int dropped;
    private volatile boolean started;
    private volatile boolean closed;

    public OutputSink(String nonce, Consumer<String> handler, Integer maxLines) {
        this.nonce = nonce;
        this.handler = handler;
        this.maxLines = maxLines;
    }

    /** The random nonce of this execution's marks. */
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

    /** Lines from now on belong to {@code s}. */
    synchronized void switchTo(Section s) {
        section = s;
    }

    /**
     * The next line is the start of R's deferred warnings, printed by the only R function that can
     * print them, which prefixes "In addition: " (meant for after an error): drop that prefix.
     */
    synchronized void dropNextAdditionPrefix() {
        stripAddition = true;
    }

    synchronized void accept(String text) {
        if (closed) {
            return;
        }
        String line = text;
        if (stripAddition) {
            stripAddition = false;
            if (line.startsWith(ADDITION)) {
                line = line.substring(ADDITION.length());
            }
        }
        long cost = (long) line.length() * 2 + LINE_OVERHEAD;
        boolean output = section == Section.OUTPUT;
        boolean fits = output
                ? (maxLines == null || outputLines < maxLines) && capturedBytes + cost <= MAX_CAPTURED_BYTES
                : reportBytes + cost <= MAX_REPORT_BYTES;
        if (fits) {
            lines.add(line);
            sections.add(section);
            if (output) {
                capturedBytes += cost;
                outputLines++;
            } else {
                reportBytes += cost;
            }
        } else {
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

    /** The plain output lines: only what the code printed, at most {@code maxLines}. */
    public synchronized List<String> lines() {
        List<String> out = new ArrayList<>(outputLines);
        for (int i = 0; i < lines.size(); i++) {
            if (sections.get(i) == Section.OUTPUT) {
                out.add(lines.get(i));
            }
        }
        return out;
    }

    /** The printed form of the last value, lines joined with newlines; empty when there was none. */
    public synchronized String printed() {
        // Joined by count, not by length: a print that starts with an empty line (a table, summary.lm) keeps it.
        List<String> printed = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (sections.get(i) == Section.PRINTED) {
                printed.add(lines.get(i));
            }
        }
        return String.join("\n", printed);
    }

    /** Every kept line in the order R wrote it: the transcript an R console would show. */
    public synchronized List<String> console() {
        return List.copyOf(lines);
    }

    /** Lines R printed that were not kept (over maxLines or the memory cap). */
    public synchronized int dropped() {
        return dropped;
    }
}
