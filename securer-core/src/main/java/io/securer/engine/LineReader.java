package io.securer.engine;


import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads newline-terminated UTF-8 messages with a hard size cap, so a hostile child cannot make
 * the host buffer an unbounded line. Not thread-safe: one reader thread owns it.
 */
public final class LineReader {
    private final InputStream in;
    private final int maxBytes;
    private final byte[] buf = new byte[64 * 1024];
    private int pos;
    private int limit;
    private byte[] line = new byte[1024];

    public LineReader(InputStream in, int maxBytes) {
        this.in = in;
        this.maxBytes = maxBytes;
    }

    /** The next line without its newline, or null at EOF (a partial last line is a violation). */
    public String readLine() throws IOException {
        int len = 0;
        while (true) {
            if (pos == limit) {
                limit = in.read(buf, 0, buf.length);
                pos = 0;
                if (limit < 0) {
                    limit = 0;
                    if (len > 0) {
                        throw new ProtocolViolationException("child closed the socket in the middle of a message");
                    }
                    return null;
                }
            }
            int start = pos;
            while (pos < limit && buf[pos] != '\n') {
                pos++;
            }
            int chunk = pos - start;
            if (len + chunk > maxBytes) {
                throw new ProtocolViolationException("child sent a message larger than " + maxBytes + " bytes");
            }
            if (len + chunk > line.length) {
                line = Arrays.copyOf(line, Math.min(maxBytes, Math.max(line.length * 2, len + chunk)));
            }
            System.arraycopy(buf, start, line, len, chunk);
            len += chunk;
            if (pos < limit) {
                pos++; // the newline
                return decode(len);
            }
        }
    }

    /**
     * Exactly {@code n} raw bytes that follow the last line (a message's payload); EOF before
     * they are all read is a violation. The caller checks {@code n} against its caps first.
     */
    public byte[] readBytes(int n) throws IOException {
        return readBytes(new byte[n], n);
    }

    /** Like {@link #readBytes(int)}, into the first {@code n} bytes of {@code out}. */
    public byte[] readBytes(byte[] out, int n) throws IOException {
        int done = Math.min(n, limit - pos);
        System.arraycopy(buf, pos, out, 0, done);
        pos += done;
        while (done < n) {
            int r = in.read(out, done, n - done);
            if (r < 0) {
                throw new ProtocolViolationException("child closed the socket in the middle of a message's data");
            }
            done += r;
        }
        return out;
    }

    private String decode(int len) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(line, 0, len)).toString();
        } catch (CharacterCodingException e) {
            throw new ProtocolViolationException("child sent a message that is not valid UTF-8");
        }
    }
}
