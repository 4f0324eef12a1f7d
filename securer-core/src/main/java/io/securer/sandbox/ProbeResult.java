package io.securer.sandbox;

import java.util.Objects;

/**
 * Whether a sandbox technology works on this machine. Immutable and thread-safe.
 *
 * @param available true when a trial sandbox started and exited cleanly
 * @param reason    why it is unavailable (e.g. bwrap's own error message), or {@code "ok"}
 */
public record ProbeResult(boolean available, String reason) {

    public ProbeResult {
        Objects.requireNonNull(reason, "reason");
    }

    static ProbeResult ok() {
        return new ProbeResult(true, "ok");
    }

    static ProbeResult unavailable(String reason) {
        return new ProbeResult(false, reason);
    }
}
