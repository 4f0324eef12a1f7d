package io.securer;

import io.securer.engine.ErrorSanitizer;

/**
 * Masks host details in text that crosses a trust boundary (to an LLM, into a log others read):
 * the same masking {@link SessionSettings#sanitizeErrors(boolean)} applies to R errors. Adapters use
 * it for text they build themselves. Stateless and thread-safe.
 */
public final class Redaction {
    private Redaction() {
    }

    /** Masks absolute paths, IPv4/IPv6 addresses and "pid N"; cuts text over 2000 characters. */
    public static String hostDetails(String text) {
        return ErrorSanitizer.sanitize(text);
    }

    /** Masks IPv4/IPv6 addresses and "pid N" but leaves paths alone, for callers with their own path policy. */
    public static String addressesAndPids(String text) {
        return ErrorSanitizer.maskAddressesAndPids(text);
    }
}
