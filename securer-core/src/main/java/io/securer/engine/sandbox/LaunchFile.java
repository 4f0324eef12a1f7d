package io.securer.engine.sandbox;

import java.util.Arrays;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A file the caller must create in the session directory before it starts a {@link LaunchPlan}'s
 * command, because the command reads it (e.g. the {@link SeccompFilter} program). The wrapper
 * opens it before any privilege drop, so it may stay owned by the host user with mode 0600; the
 * caller may delete it once the child has connected.
 *
 * <p>Immutable and thread-safe: the content is copied in and out.
 *
 * @param name    a plain file name (no directory part) inside the session directory
 * @param content the bytes to write
 */
public record LaunchFile(String name, byte[] content) {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    public LaunchFile {
        Objects.requireNonNull(name, "name");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("launch file name must be a plain file name, got " + name);
        }
        content = Objects.requireNonNull(content, "content").clone();
    }

    @Override
    public byte[] content() {
        return content.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LaunchFile f && name.equals(f.name) && Arrays.equals(content, f.content);
    }

    @Override
    public int hashCode() {
        return 31 * name.hashCode() + Arrays.hashCode(content);
    }

    @Override
    public String toString() {
        return "LaunchFile[" + name + ", " + content.length + " bytes]";
    }
}
