package io.securer.examples;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * What a demo run showed, line by line: every line is passed on to a sink (e.g. stdout) as it
 * happens and kept for tests. Thread-safe: host tools report from the session's tool thread.
 */
public final class Transcript {
    private static final String INDENT = "    ";
    private final Consumer<String> sink;
    private final List<String> lines = new ArrayList<>();

    public Transcript(Consumer<String> sink) {
        this.sink = Objects.requireNonNull(sink, "sink");
    }

    /** Adds one line (or several, if {@code text} has line breaks). */
    public synchronized void line(String text) {
        for (String l : text.split("\n", -1)) {
            lines.add(l);
            sink.accept(l);
        }
    }

    /** Adds a heading line followed by {@code body}, indented so multi-line code and output stay readable. */
    public synchronized void block(String heading, String body) {
        line(heading);
        for (String l : body.stripTrailing().split("\n", -1)) {
            line(l.isEmpty() ? "" : INDENT + l);
        }
    }

    public synchronized List<String> lines() {
        return List.copyOf(lines);
    }

    public synchronized String text() {
        return String.join("\n", lines);
    }
}
