package io.securer;

/**
 * A {@link SessionStore} could not save, load or delete a snapshot: its backend could not be
 * reached or did not answer in time, refused the operation, held an entry that is not a usable
 * snapshot, or the snapshot is larger than the store's cap. The message says which and names the
 * key or file, never credentials.
 *
 * <p>Unlike the other {@link SecurerException}s, stores outside this library create these too: a
 * custom {@link SessionStore} should wrap its backend's failures in one, so callers (and the
 * LangChain4j adapter, which tells the model in text that state could not be saved or restored)
 * handle every store alike.
 */
public final class SessionStoreException extends SecurerException {
    private static final long serialVersionUID = 1L;

    /** A store failure described by {@code message}. */
    public SessionStoreException(String message) {
        super(message);
    }

    /** A store failure described by {@code message}, caused by {@code cause}. */
    public SessionStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
