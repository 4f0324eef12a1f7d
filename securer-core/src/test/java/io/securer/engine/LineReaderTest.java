package io.securer.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;


import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class LineReaderTest {

    /** Hands out at most {@code step} bytes per read, to put boundaries everywhere. */
    private static final class Trickle extends InputStream {
        private final byte[] data;
        private final int step;
        private int pos;

        Trickle(byte[] data, int step) {
            this.data = data;
            this.step = step;
        }

        @Override
        public int read() {
            return pos < data.length ? data[pos++] & 0xff : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (pos >= data.length) {
                return -1;
            }
            int n = Math.min(Math.min(len, step), data.length - pos);
            System.arraycopy(data, pos, b, off, n);
            pos += n;
            return n;
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void oneByteAtATime() throws IOException {
        LineReader r = new LineReader(new Trickle(utf8("{\"a\":1}\n\nsecond line\n"), 1), 1024);
        assertEquals("{\"a\":1}", r.readLine());
        assertEquals("", r.readLine());
        assertEquals("second line", r.readLine());
        assertNull(r.readLine());
    }

    @Test
    void bigChunksWithManyLinesPerRead() throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 5000; i++) {
            sb.append("line ").append(i).append('\n');
        }
        LineReader r = new LineReader(new ByteArrayInputStream(utf8(sb.toString())), 1024);
        for (int i = 0; i < 5000; i++) {
            assertEquals("line " + i, r.readLine());
        }
        assertNull(r.readLine());
    }

    @Test
    void linesLongerThanTheReadBufferAreJoined() throws IOException {
        String big = "x".repeat(200_000);
        byte[] data = utf8(big + "\nend\n");
        LineReader r = new LineReader(new Trickle(data, 7_777), 1 << 20);
        assertEquals(big, r.readLine());
        assertEquals("end", r.readLine());
        assertNull(r.readLine());
    }

    @Test
    void lineOfExactlyMaxBytesPasses() throws IOException {
        String line = "y".repeat(4096);
        LineReader r = new LineReader(new Trickle(utf8(line + "\n" + line + "\n"), 1000), 4096);
        assertEquals(line, r.readLine());
        assertEquals(line, r.readLine());
        assertNull(r.readLine());
    }

    @Test
    void lineOfMaxPlusOneBytesThrows() {
        LineReader r = new LineReader(new ByteArrayInputStream(utf8("y".repeat(4097) + "\n")), 4096);
        ProtocolViolationException e = assertThrows(ProtocolViolationException.class, r::readLine);
        assertEquals("child sent a message larger than 4096 bytes", e.getMessage());
    }

    @Test
    void capCountsBytesNotCharacters() throws IOException {
        // 2048 two-byte characters = 4096 bytes passes; one more character does not.
        String ok = "é".repeat(2048);
        assertEquals(ok, new LineReader(new Trickle(utf8(ok + "\n"), 3), 4096).readLine());
        LineReader r = new LineReader(new Trickle(utf8(ok + "é\n"), 3), 4096);
        assertEquals("child sent a message larger than 4096 bytes",
                assertThrows(ProtocolViolationException.class, r::readLine).getMessage());
    }

    @Test
    void overCapWithoutNewlineThrowsBeforeEof() {
        // An endless line must be cut off at the cap, not buffered until a newline that never comes.
        InputStream endless = new InputStream() {
            @Override
            public int read() {
                return 'z';
            }
        };
        LineReader r = new LineReader(endless, 1 << 20);
        assertEquals("child sent a message larger than 1048576 bytes",
                assertThrows(ProtocolViolationException.class, r::readLine).getMessage());
    }

    @Test
    void eofAtALineBoundaryIsNull() throws IOException {
        assertNull(new LineReader(new ByteArrayInputStream(new byte[0]), 64).readLine());
        LineReader r = new LineReader(new Trickle(utf8("a\n"), 1), 64);
        assertEquals("a", r.readLine());
        assertNull(r.readLine());
        assertNull(r.readLine());
    }

    @Test
    void eofInTheMiddleOfALineThrows() throws IOException {
        LineReader r = new LineReader(new Trickle(utf8("a\n{\"type\":"), 4), 64);
        assertEquals("a", r.readLine());
        assertEquals("child closed the socket in the middle of a message",
                assertThrows(ProtocolViolationException.class, r::readLine).getMessage());
    }

    @Test
    void invalidUtf8Throws() {
        byte[] bad = {'{', (byte) 0xff, '}', '\n'};
        assertEquals("child sent a message that is not valid UTF-8",
                assertThrows(ProtocolViolationException.class, () -> new LineReader(new ByteArrayInputStream(bad), 64).readLine())
                        .getMessage());
    }

    @Test
    void overlongEncodingAndLoneSurrogateAreInvalid() {
        byte[] overlongSlash = {(byte) 0xc0, (byte) 0xaf, '\n'};
        byte[] surrogate = {(byte) 0xed, (byte) 0xa0, (byte) 0x80, '\n'};
        byte[] truncated = {'a', (byte) 0xe2, (byte) 0x82, '\n'};
        for (byte[] b : new byte[][] {overlongSlash, surrogate, truncated}) {
            assertEquals("child sent a message that is not valid UTF-8",
                    assertThrows(ProtocolViolationException.class, () -> new LineReader(new ByteArrayInputStream(b), 64).readLine())
                            .getMessage());
        }
    }

    @Test
    void multiByteCharactersSplitAcrossReads() throws IOException {
        String text = "€ 𝄞 ü 日本";
        byte[] data = utf8(text + "\n" + text + "\n");
        for (int step = 1; step <= 5; step++) {
            LineReader r = new LineReader(new Trickle(data, step), 64);
            assertEquals(text, r.readLine(), "step " + step);
            assertEquals(text, r.readLine(), "step " + step);
            assertNull(r.readLine());
        }
    }

    @Test
    void readerKeepsWorkingAfterAGoodLineFollowsAPartialRead() throws IOException {
        // A read that ends right after a newline must not lose the next line's first byte.
        byte[] data = utf8("ab\ncd\n");
        LineReader r = new LineReader(new Trickle(data, 3), 64);
        assertEquals("ab", r.readLine());
        assertEquals("cd", r.readLine());
        assertNull(r.readLine());
    }
}
