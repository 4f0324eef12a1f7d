package io.securer.engine.sandbox;

import java.security.SecureRandom;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Hands out host uids for sandboxed children when the host runs as root: random in
 * [{@value #FIRST}, {@value #END}), a range no real account uses, and never the same one twice in
 * this JVM (so two sessions never share RLIMIT_NPROC accounting or can signal each other).
 * Random rather than sequential so that two JVMs on one host are unlikely to collide.
 *
 * <p>Thread-safe.
 */
final class SessionUidAllocator {

    static final int FIRST = 1_500_000_000;
    static final int END = 2_000_000_000;

    private static final SessionUidAllocator SHARED = new SessionUidAllocator();

    private final SecureRandom random = new SecureRandom();
    private final Set<Integer> issued = ConcurrentHashMap.newKeySet();

    /** The allocator shared by every planner in this JVM. */
    static SessionUidAllocator shared() {
        return SHARED;
    }

    /** A uid never returned before by this allocator. */
    int next() {
        while (true) {
            int uid = FIRST + random.nextInt(END - FIRST);
            if (issued.add(uid)) {
                return uid;
            }
        }
    }
}
