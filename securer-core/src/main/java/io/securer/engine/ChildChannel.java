package io.securer.engine;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.newsclub.net.unix.AFUNIXServerSocket;
import org.newsclub.net.unix.AFUNIXSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;
import org.newsclub.net.unix.AFUNIXSocketCredentials;

/**
 * The authenticated socket to one child. Listens on the session directory's socket, accepts
 * exactly one connection (then unlinks the socket and stops listening), checks that the peer is
 * the child's own process (SO_PEERCRED), runs the handshake (hello with the token, init, ready)
 * and then reads messages on a daemon thread, handing each to a consumer; the same thread reads
 * the columns R sends on the {@link BulkPipe}, right after their headers. {@link #send} is
 * thread-safe. {@link #close()} is idempotent and closes the pipe too.
 */
public final class ChildChannel implements AutoCloseable {
    private final Path socketPath;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile AFUNIXServerSocket server;
    private volatile AFUNIXSocket socket;
    private volatile OutputStream out;
    private volatile long peerPid = -1;
    private LineReader pendingReader;
    private Thread reader;
    private final ChunkBuffers buffers = new ChunkBuffers();
    private volatile BulkPipe pipe;

    private ChildChannel(Path socketPath, AFUNIXServerSocket server) {
        this.socketPath = socketPath;
        this.server = server;
    }

    /** Binds the listening socket (mode 0600) at {@code socketPath}. */
    public static ChildChannel listen(Path socketPath) {
        try {
            AFUNIXServerSocket s = AFUNIXServerSocket.newInstance();
            s.bind(AFUNIXSocketAddress.of(socketPath.toFile()), 1);
            Files.setPosixFilePermissions(socketPath, PosixFilePermissions.fromString("rw-------"));
            return new ChildChannel(socketPath, s);
        } catch (IOException e) {
            throw new ChildStartException(ChildStartException.Kind.FAILED,
                    "cannot set up the IPC socket " + socketPath + ": " + e.getMessage(), e);
        }
    }

    /** Wakes a pending {@link #connect} (the child died instead of connecting). */
    public void stopListening() {
        AFUNIXServerSocket s = server;
        server = null;
        if (s != null) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing only to wake accept(); nothing else to do
            }
        }
        try {
            Files.deleteIfExists(socketPath);
        } catch (IOException ignored) {
            // the directory is removed with the session anyway
        }
    }

    /**
     * Accepts the child's connection, checks its peer pid with {@code isOurs}, and runs the
     * handshake: the first line must be a hello carrying {@code token} and {@code protocol}; then
     * {@code init} is sent and a ready must come back. Everything within {@code timeout}. If the
     * hello says R opened the {@link BulkPipe} {@code bulkPipe} (null: the host made none), the
     * host opens its end.
     *
     * @throws IOException                 the child did not connect or hung up (the caller asks the
     *                                     process why)
     * @throws ProtocolViolationException  a wrong token, protocol, peer or message
     */
    public ChildMessage.Hello connect(Duration timeout, String token, java.util.function.LongPredicate isOurs,
                                      HostMessage.Init init, int maxMessageBytes, Path bulkPipe) throws IOException {
        AFUNIXServerSocket srv = server;
        if (srv == null) {
            throw new IOException("the child exited before connecting");
        }
        AFUNIXSocket s;
        int millis = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
        try {
            srv.setSoTimeout(millis);
            s = srv.accept();
        } finally {
            stopListening();
        }
        socket = s;
        AFUNIXSocketCredentials cred = s.getPeerCredentials();
        long peer = cred.getPid();
        if (!isOurs.test(peer)) {
            throw new ProtocolViolationException("socket peer pid " + peer + " is not the R child started by this session");
        }
        peerPid = peer;
        s.setSoTimeout(millis);
        InputStream in = s.getInputStream();
        out = s.getOutputStream();
        LineReader lines = new LineReader(in, maxMessageBytes);
        ChildMessage first = ChildMessageDecoder.decode(requireLine(lines));
        if (!(first instanceof ChildMessage.Hello hello)) {
            throw new ProtocolViolationException("child's first message was not hello");
        }
        if (!MessageDigest.isEqual(hello.token().getBytes(StandardCharsets.US_ASCII),
                token.getBytes(StandardCharsets.US_ASCII))) {
            throw new ProtocolViolationException("child presented a wrong auth token");
        }
        if (hello.protocol() != Protocol.VERSION) {
            throw new ProtocolViolationException("child speaks protocol " + hello.protocol() + ", host speaks "
                    + Protocol.VERSION);
        }
        if (hello.bulkPipe()) {
            if (bulkPipe == null) {
                throw new ProtocolViolationException("child claims a bulk pipe the host did not make");
            }
            pipe = BulkPipe.open(bulkPipe);
        }
        send(init);
        ChildMessage ready = ChildMessageDecoder.decode(requireLine(lines));
        if (!(ready instanceof ChildMessage.Ready)) {
            throw new ProtocolViolationException("child did not answer init with ready");
        }
        s.setSoTimeout(0);
        this.pendingReader = lines;
        return hello;
    }

    /**
     * Starts reading messages on a daemon thread: each decoded message goes to {@code onMessage};
     * a protocol violation to {@code onViolation} (then reading stops); end of stream or a read
     * error to {@code onClosed}.
     */
    public void startReading(String threadName, int maxPayloadBytes, MessageSink onMessage,
                             Consumer<ProtocolViolationException> onViolation, Runnable onClosed) {
        LineReader lines = pendingReader;
        pendingReader = null;
        reader = Threads.daemon(threadName, () -> {
            try {
                while (!closed.get()) {
                    String line = lines.readLine();
                    if (line == null) {
                        onClosed.run();
                        return;
                    }
                    ChildMessage m = ChildMessageDecoder.decode(line);
                    long size = line.length();
                    if (m instanceof ChildMessage.WithPayload p) {
                        if (p.payloadSize() > maxPayloadBytes) {
                            throw new ProtocolViolationException("child announced " + p.payloadSize()
                                    + " bytes of data in one message; the limit is " + maxPayloadBytes);
                        }
                        int n = p.payloadSize();
                        m = p.withPayload(m instanceof ChildMessage.Chunk && n <= ChunkBuffers.SIZE
                                ? lines.readBytes(buffers.take(), n) : lines.readBytes(n));
                        size += n;
                    }
                    onMessage.accept(m, size);
                    if (m instanceof ChildMessage.ColumnHeader h && h.piped()) {
                        readPiped(h, onMessage);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // closing
            } catch (ProtocolViolationException e) {
                onViolation.accept(e);
            } catch (IOException e) {
                if (!closed.get()) {
                    onClosed.run();
                }
            }
        });
        reader.start();
    }

    /**
     * The bytes of a column announced on the bulk pipe, read off the pipe right after their
     * header (so they reach the queue in order, as chunks of the socket would) in pieces of at
     * most {@link ChunkBuffers#SIZE}, after the mark that must precede them.
     */
    private void readPiped(ChildMessage.ColumnHeader h, MessageSink onMessage) throws IOException, InterruptedException {
        BulkPipe p = pipe;
        if (p == null) {
            throw new ProtocolViolationException("column '" + h.name() + "' announced on a bulk pipe this session does not have");
        }
        byte[] mark = new byte[BulkPipe.MARK_BYTES];
        p.readFully(mark, mark.length);
        BulkPipe.checkMark(mark, h.exec());
        long left = h.bytes();
        while (left > 0 && !closed.get()) {
            int n = (int) Math.min(left, ChunkBuffers.SIZE);
            byte[] b = buffers.take();
            p.readFully(b, n);
            onMessage.accept(new ChildMessage.Chunk(h.exec(), n, b), n);
            left -= n;
        }
    }

    /** Takes back a chunk's array once its bytes were copied out; the reader may fill it again. */
    public void recycle(byte[] data) {
        buffers.give(data);
    }

    /** A transfer is over: the arrays kept for the next one can go. */
    public void releaseBuffers() {
        buffers.clear();
    }

    private static String requireLine(LineReader reader) throws IOException {
        String line = reader.readLine();
        if (line == null) {
            throw new IOException("R closed the socket");
        }
        return line;
    }

    /** Receives each decoded message with its size in bytes (line and data); may block (back-pressure). */
    @FunctionalInterface
    public interface MessageSink {
        void accept(ChildMessage message, long size) throws InterruptedException;
    }

    /** The pid of the connected peer (R itself, inside any sandbox wrappers), or -1 before connect. */
    public long peerPid() {
        return peerPid;
    }

    /** Sends one message; thread-safe. */
    public void send(HostMessage m) throws IOException {
        byte[] bytes = (m.encode() + "\n").getBytes(StandardCharsets.UTF_8);
        OutputStream o = out;
        if (o == null || closed.get()) {
            throw new IOException("connection to R is closed");
        }
        synchronized (this) {
            o.write(bytes);
            o.flush();
        }
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        stopListening();
        AFUNIXSocket s = socket;
        if (s != null) {
            try {
                s.close();
            } catch (IOException ignored) {
                // the peer is being killed; nothing to report
            }
        }
        BulkPipe p = pipe;
        if (p != null) {
            p.close(); // ends a read of the pipe in progress
        }
        Thread r = reader;
        if (r != null) {
            r.interrupt(); // it may be waiting for room in the event queue
            try {
                r.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
