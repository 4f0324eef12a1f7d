package io.securer.engine;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The child-to-host pipe for data-frame columns: a FIFO in the session directory. The runtime
 * writes a column into it with one {@code writeBin} on an R connection, which copies the values
 * in C; over the socket (a processx connection) every piece of a column had to be an R vector
 * first, and with a million strings alive each R garbage collection those vectors brought on
 * took tens of milliseconds (more than the transfer itself).
 *
 * <p>The host makes the FIFO ({@code mkfifo}: the JDK cannot) before R starts; R opens its write
 * end before {@code hello} and says so in it; the host then opens the pipe read-write, so that
 * the open cannot wait for a writer even if R has just died. The host being a writer too means
 * the pipe never reports end-of-file: a read in progress ends when the pipe is closed
 * ({@link FileChannel} is interruptible by {@link #close()}). Only the socket reader reads it, and
 * only as many bytes as a {@code column} header with {@code pipe: true} announced: the bytes are
 * as untrusted as the socket's and go through the same checks.
 */
public final class BulkPipe implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BulkPipe.class);

    /** How many bytes the mark before each column takes. */
    static final int MARK_BYTES = 16;
    private static final byte[] MAGIC = {'s', 'e', 'c', 'u', 'r', 'e', 'r', 0};

    private final FileChannel channel;

    private BulkPipe(FileChannel channel) {
        this.channel = channel;
    }

    /**
     * Makes the FIFO {@code fifo} (mode 0600). False when this system cannot (no {@code mkfifo}):
     * columns then travel on the socket, as they always can.
     */
    public static boolean create(Path fifo) {
        try {
            Process p = new ProcessBuilder("mkfifo", "-m", "600", fifo.toString())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                LOG.debug("mkfifo {} did not finish within 10 s; columns go over the socket", fifo);
                return false;
            }
            if (p.exitValue() != 0) {
                LOG.debug("mkfifo {} exited with {}; columns go over the socket", fifo, p.exitValue());
                return false;
            }
            return Files.readAttributes(fifo, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).isOther();
        } catch (IOException e) {
            LOG.debug("cannot make the bulk pipe {} ({}); columns go over the socket", fifo, e.getMessage());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Opens the FIFO the host made, refusing anything that is not one (or is a link). */
    public static BulkPipe open(Path fifo) throws IOException {
        if (!Files.readAttributes(fifo, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).isOther()) {
            throw new IOException(fifo + " is not the FIFO the host made");
        }
        return new BulkPipe(FileChannel.open(fifo, StandardOpenOption.READ, StandardOpenOption.WRITE,
                LinkOption.NOFOLLOW_LINKS));
    }

    /**
     * Checks the mark the runtime writes before each column: {@code "securer"}, a NUL and the
     * operation's number as a little-endian double. Bytes something else wrote into the pipe
     * (user code can reach its end) would otherwise be read as column data, and every later
     * column would be off by as many bytes; this way the transfer breaks the protocol instead,
     * and the session gets a new R.
     */
    static void checkMark(byte[] mark, long exec) {
        boolean ok = Arrays.equals(mark, 0, MAGIC.length, MAGIC, 0, MAGIC.length)
                && ByteBuffer.wrap(mark, MAGIC.length, 8).order(ByteOrder.LITTLE_ENDIAN).getDouble() == exec;
        if (!ok) {
            throw new ProtocolViolationException("the bulk pipe is out of step: a column of operation " + exec
                    + " does not start with its mark");
        }
    }

    /** Reads exactly {@code n} bytes into the start of {@code into}; waits for them. */
    void readFully(byte[] into, int n) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(into, 0, n);
        while (b.hasRemaining()) {
            if (channel.read(b) < 0) { // cannot happen while the host holds a write end
                throw new IOException("the bulk pipe ended");
            }
        }
    }

    /** Closes the pipe, ending a read in progress; idempotent. */
    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            LOG.debug("closing the bulk pipe: {}", e.getMessage());
        }
    }
}
