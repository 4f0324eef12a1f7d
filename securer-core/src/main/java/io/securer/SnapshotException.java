package io.securer;

/** A snapshot could not be taken, restored, read or stored; the message says why. */
public final class SnapshotException extends SecurerException {
    private static final long serialVersionUID = 1L;

    SnapshotException(String message) {
        super(message);
    }

    SnapshotException(String message, Throwable cause) {
        super(message, cause);
    }
}
