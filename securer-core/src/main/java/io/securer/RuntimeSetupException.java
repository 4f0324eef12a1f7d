package io.securer;

/** R or one of the R packages the child needs is missing or broken; the message says what to install. */
public final class RuntimeSetupException extends SecurerException {
    private static final long serialVersionUID = 1L;

    public RuntimeSetupException(String message) {
        super(message);
    }

    public RuntimeSetupException(String message, Throwable cause) {
        super(message, cause);
    }
}
