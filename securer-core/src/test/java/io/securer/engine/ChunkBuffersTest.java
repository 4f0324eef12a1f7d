package io.securer.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class ChunkBuffersTest {
    @Test
    void anArrayHandedBackIsGivenOutAgain() {
        ChunkBuffers b = new ChunkBuffers();
        byte[] a = b.take();
        assertEquals(ChunkBuffers.SIZE, a.length);
        b.give(a);
        assertSame(a, b.take());
        assertNotSame(a, b.take());
    }

    @Test
    void keepsABoundedNumberAndOnlyItsOwnSize() {
        ChunkBuffers b = new ChunkBuffers();
        for (int i = 0; i < ChunkBuffers.KEPT + 10; i++) {
            b.give(new byte[ChunkBuffers.SIZE]);
        }
        assertEquals(ChunkBuffers.KEPT, b.kept());
        b.clear();
        assertEquals(0, b.kept());
        b.give(new byte[100]);
        b.give(null);
        assertEquals(0, b.kept());
    }
}
