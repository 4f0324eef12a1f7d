package io.securer.langchain4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Reads a PNG file's own header, so tests check the image itself, not what securer says about it. */
final class Png {
    static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    private Png() {
    }

    /** Asserts {@code data} is a PNG file of {@code width} x {@code height} pixels (signature, then IHDR). */
    static void assertPng(byte[] data, int width, int height) {
        assertArrayEquals(SIGNATURE, Arrays.copyOf(data, 8), "PNG signature");
        assertEquals("IHDR", new String(data, 12, 4, StandardCharsets.US_ASCII), "first chunk");
        ByteBuffer ihdr = ByteBuffer.wrap(data, 16, 8);
        assertEquals(width, ihdr.getInt(), "IHDR width");
        assertEquals(height, ihdr.getInt(), "IHDR height");
    }
}
