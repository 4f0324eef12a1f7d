package io.securer;

/**
 * Checks the paths callers give {@link SessionFiles}: relative to R's working directory, made of
 * plain names separated by {@code /}. The runtime checks again inside the child and refuses to
 * follow a symbolic link on the way.
 */
final class FilePaths {
    static final int MAX_LENGTH = 1024;

    private FilePaths() {
    }

    /**
     * @throws IllegalArgumentException the path is empty, absolute, too long, holds a NUL, an
     *                                  empty segment, {@code .} or {@code ..}
     */
    static String check(String path) {
        if (path == null || path.isEmpty()) {
            throw new IllegalArgumentException("a file path must not be empty");
        }
        if (path.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("file path is longer than " + MAX_LENGTH + " characters");
        }
        if (path.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("file path holds a NUL character");
        }
        if (path.startsWith("/") || path.startsWith("~")) {
            throw new IllegalArgumentException("file path '" + path + "' is absolute; paths are relative to R's "
                    + "working directory");
        }
        for (String segment : path.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                throw new IllegalArgumentException("file path '" + path + "' must be plain names separated by '/', "
                        + "without '.', '..' or empty parts");
            }
        }
        return path;
    }
}
