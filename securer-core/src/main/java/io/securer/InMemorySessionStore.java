package io.securer;

import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps snapshots in this JVM's heap: for one application instance, and for tests. Snapshots are
 * immutable, so they are kept as they are. Thread-safe.
 */
public final class InMemorySessionStore implements SessionStore {
    private final ConcurrentHashMap<String, SessionSnapshot> snapshots = new ConcurrentHashMap<>();

    @Override
    public void save(String key, SessionSnapshot snapshot) {
        snapshots.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(snapshot, "snapshot"));
    }

    @Override
    public Optional<SessionSnapshot> load(String key) {
        return Optional.ofNullable(snapshots.get(Objects.requireNonNull(key, "key")));
    }

    @Override
    public void delete(String key) {
        snapshots.remove(Objects.requireNonNull(key, "key"));
    }

    /** How many snapshots are kept. */
    public int size() {
        return snapshots.size();
    }
}
