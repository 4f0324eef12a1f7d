package io.securer.redis;

/**
 * A {@link RedisSessionStore} operation failed: Redis could not be reached or did not answer within
 * the command timeout, refused the command, held an entry that is not a usable snapshot, or the
 * snapshot is larger than the store's cap. The message says which, names the key, and never holds
 * credentials. Unchecked, like every failure of a {@link io.securer.SessionStore}: the LangChain4j
 * adapter catches store failures and tells the model in text that the state could not be saved or
 * restored, so a store failure never ends a chat.
 */
public final class SessionStoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    SessionStoreException(String message) {
        super(message);
    }

    SessionStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
