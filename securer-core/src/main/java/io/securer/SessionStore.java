package io.securer;

import java.util.Optional;

/**
 * Where snapshots of sessions are kept between uses: in memory, in files, or in a shared store
 * (Redis, in the securer-redis module) so that several application replicas can serve one chat.
 * Keys are chosen by the caller (the LangChain4j adapter uses the chat memory id); a store never
 * interprets a snapshot's content. Implementations must be thread-safe.
 *
 * <p>Multi-tenant use: a snapshot holds everything a chat's R code computed. Key by something
 * that identifies the conversation and cannot be chosen by another user, and use a store (or a
 * key prefix) per application.
 */
public interface SessionStore {
    /** Stores {@code snapshot} under {@code key}, replacing what was there. */
    void save(String key, SessionSnapshot snapshot);

    /** The snapshot stored under {@code key}, if any. */
    Optional<SessionSnapshot> load(String key);

    /** Removes the snapshot under {@code key}; nothing happens if there is none. */
    void delete(String key);
}
