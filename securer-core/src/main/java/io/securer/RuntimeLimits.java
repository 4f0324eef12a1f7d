package io.securer;

/** Size caps the runtime and the host apply to what R sends back. */
final class RuntimeLimits {
    /** Largest value the runtime sends as JSON; larger values are reported as omitted. */
    static final long MAX_VALUE_BYTES = 900_000;

    private RuntimeLimits() {
    }
}
