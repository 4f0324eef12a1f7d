package io.securer;

/** A file operation on the session's working directory failed: the file is missing, too large, or the sandbox's space ran out. The message names the file. */
public final class SessionFileException extends SecurerException {
    private static final long serialVersionUID = 1L;

    SessionFileException(String message) {
        super(message);
    }

    SessionFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
