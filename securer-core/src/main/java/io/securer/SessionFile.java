package io.securer;

import java.util.Objects;

/**
 * A file in a session's working directory: its path relative to that directory (with {@code /}
 * between directories) and its size in bytes.
 */
public record SessionFile(String path, long size) {
    public SessionFile {
        Objects.requireNonNull(path, "path");
    }
}
