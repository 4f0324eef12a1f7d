package io.securer;

import java.time.Duration;

/** Duration checks and formatting shared by the builders and the messages. Stateless. */
final class Durations {
    private Durations() {
    }

    /** {@code d} if positive, else IllegalArgumentException naming {@code what}. */
    static Duration positive(String what, Duration d) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(what + " must be positive, got " + d);
        }
        return d;
    }

    /** {@code null} (meaning "no limit") or a positive duration. */
    static Duration positiveOrNull(String what, Duration d) {
        return d == null ? null : positive(what, d);
    }

    /** "30 s" for whole seconds, "250 ms" otherwise. */
    static String format(Duration d) {
        if (d == null) {
            return "no limit";
        }
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }
}
