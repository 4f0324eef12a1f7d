package io.securer.engine.sandbox;

import java.util.List;
import java.util.OptionalInt;
import java.util.function.IntSupplier;

/**
 * Whether, and to which host uid, the child's privileges are dropped before bubblewrap starts.
 * Only a root host drops privileges: root ignores {@code RLIMIT_NPROC} and keeps capabilities,
 * and a fresh uid per session keeps sessions from sharing one process budget or signalling each
 * other. A non-root host already is unprivileged, and bubblewrap then maps it into the sandbox.
 * Package-private; immutable and thread-safe.
 *
 * @param uid the host uid the child runs as, or empty when privileges are kept
 */
record PrivilegeDrop(OptionalInt uid) {

    static final String SETPRIV = "/usr/bin/setpriv";
    static final PrivilegeDrop NONE = new PrivilegeDrop(OptionalInt.empty());

    PrivilegeDrop {
        if (uid.isPresent() && uid.getAsInt() <= 0) {
            throw new IllegalArgumentException("refusing to run the child as uid " + uid.getAsInt());
        }
    }

    /** Drops to a newly allocated uid when {@code effectiveUid} is root, else keeps the host's uid. */
    static PrivilegeDrop decide(int effectiveUid, IntSupplier uidAllocator) {
        return effectiveUid == 0 ? new PrivilegeDrop(OptionalInt.of(uidAllocator.getAsInt())) : NONE;
    }

    /**
     * {@code setpriv --reuid=U --regid=U --clear-groups --inh-caps=-all --}, or empty when
     * privileges are kept. setpriv execs its command, so the process the host starts becomes
     * bwrap itself and {@code --die-with-parent} still refers to the host JVM.
     */
    List<String> prefix() {
        if (uid.isEmpty()) {
            return List.of();
        }
        String u = Integer.toString(uid.getAsInt());
        return List.of(SETPRIV, "--reuid=" + u, "--regid=" + u, "--clear-groups", "--inh-caps=-all", "--");
    }
}
