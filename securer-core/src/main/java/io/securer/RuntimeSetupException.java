package io.securer;

/** R or an R package the runtime needs is missing; the message says exactly what to install. */
public final class RuntimeSetupException extends SecurerException {
    private static final long serialVersionUID = 1L;

    RuntimeSetupException(String message) {
        super(message);
    }

    RuntimeSetupException(String message, Throwable cause) {
        super(message, cause);
    }
}
