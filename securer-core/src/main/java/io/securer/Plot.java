package io.securer;

import java.util.Arrays;
import java.util.Objects;

/**
 * One graphic an execution drew, as an image file's bytes. Immutable: the array is copied in and
 * out.
 *
 * @param mimeType {@code image/png} (default) or {@code image/svg+xml}
 * @param data     the image file
 * @param width    width in pixels
 * @param height   height in pixels
 */
public record Plot(String mimeType, byte[] data, int width, int height) {
    public Plot {
        Objects.requireNonNull(mimeType, "mimeType");
        data = Objects.requireNonNull(data, "data").clone();
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("plot size must be positive, got " + width + "x" + height);
        }
    }

    /** A copy of the image bytes. */
    @Override
    public byte[] data() {
        return data.clone();
    }

    /** Size of the image in bytes. */
    public int size() {
        return data.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Plot p && mimeType.equals(p.mimeType) && width == p.width && height == p.height
                && Arrays.equals(data, p.data);
    }

    @Override
    public int hashCode() {
        return Objects.hash(mimeType, width, height, Arrays.hashCode(data));
    }

    @Override
    public String toString() {
        return "Plot[" + mimeType + " " + width + "x" + height + ", " + data.length + " bytes]";
    }
}
