package io.securer.engine;

import java.util.Objects;

/**
 * One column's header on the wire: its name, type, payload size in bytes and, for strings, how
 * many of its values are NA (their row numbers end the payload).
 */
public record WireColumn(String name, WireType type, long bytes, long na) {
    public WireColumn {
        Objects.requireNonNull(name);
        Objects.requireNonNull(type);
    }
}
