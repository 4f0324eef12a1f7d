package io.securer.engine.sandbox;

import java.util.Objects;

/**
 * Whether a sandbox technology works on this machine. Immutable and thread-safe.
 *
 * @param available true when a trial sandbox started and exited cleanly
 * @param reason    why it is unavailable (e.g. bwrap's own error message), or {@code "ok"}
 * @param features  the optional bwrap options this bwrap understands
 */
public record ProbeResult(boolean available, String reason, BubblewrapFeatures features) {

    public ProbeResult {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(features, "features");
    }

    /** A result for a bwrap with every feature securer uses. */
    public ProbeResult(boolean available, String reason) {
        this(available, reason, BubblewrapFeatures.ALL);
    }

    static ProbeResult ok() {
        return new ProbeResult(true, "ok");
    }

    static ProbeResult ok(BubblewrapFeatures features) {
        return new ProbeResult(true, "ok", features);
    }

    static ProbeResult unavailable(String reason) {
        return new ProbeResult(false, reason);
    }
}
