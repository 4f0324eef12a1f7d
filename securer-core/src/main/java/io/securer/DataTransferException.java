package io.securer;

/** A data frame could not be moved into or out of R: the expression is not a data frame, a column type is not supported, or the data is over a size cap. The session keeps its state. */
public final class DataTransferException extends SecurerException {
    private static final long serialVersionUID = 1L;

    DataTransferException(String message) {
        super(message);
    }

    DataTransferException(String message, Throwable cause) {
        super(message, cause);
    }
}
