package io.securer.engine;

import java.util.Locale;

/**
 * How one data-frame column travels between host and child, little-endian: {@code DOUBLE},
 * {@code DATE} (days since 1970-01-01) and {@code TIMESTAMP} (seconds since the epoch, UTC) as
 * 8-byte doubles; {@code INTEGER} and {@code LOGICAL} (0, 1, NA) as 4-byte ints with R's NA
 * ({@code Integer.MIN_VALUE}); {@code STRING} as NUL-terminated UTF-8 strings followed by the
 * 1-based row numbers of NAs as 4-byte ints.
 */
public enum WireType {
    DOUBLE(8), INTEGER(4), LOGICAL(4), STRING(0), DATE(8), TIMESTAMP(8);

    private final int width;

    WireType(int width) {
        this.width = width;
    }

    /** Bytes per value, or 0 for strings (variable). */
    public int width() {
        return width;
    }

    /** The name on the wire ({@code "double"}, ...). */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The type with this wire name, or null. */
    public static WireType ofWireName(String name) {
        for (WireType t : values()) {
            if (t.wireName().equals(name)) {
                return t;
            }
        }
        return null;
    }
}
