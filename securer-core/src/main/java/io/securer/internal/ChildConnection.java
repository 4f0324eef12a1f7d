package io.securer.internal;

import io.securer.IpcProtocolException;
import io.securer.ResourceLimits;
import io.securer.RuntimeSetupException;
import io.securer.SandboxUnavailableException;
import io.securer.SecurerException;
import io.securer.sandbox.LaunchFile;
import io.securer.sandbox.LaunchPlan;
import io.securer.sandbox.LaunchRequest;
import io.securer.sandbox.OperatingSystem;
import io.securer.sandbox.RInstallation;
import io.securer.sandbox.SandboxMode;
import io.securer.sandbox.SandboxPlanner;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.newsclub.net.unix.AFUNIXServerSocket;
import org.newsclub.net.unix.AFUNIXSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;
import org.newsclub.net.unix.AFUNIXSocketCredentials;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running child R process and everything it owns: its 0700 session directory (socket and
 * runtime script), the process tree, the authenticated socket and the two reader threads. A new
 * child (after restart) is a new instance.
 *
 * <p>Events (messages, fences, exit) arrive on {@link #events()}; only the session's executing
 * thread consumes them. {@link #send} may be called from any thread. {@link #close()} is
 * idempotent and thread-safe: it kills the whole process tree, closes the socket and deletes the
 * directory.
 */
public final class ChildConnection implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ChildConnection.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String RUNTIME = loadRuntime();
    /**
     * What R runs with -f. R reads an -f file through its REPL reader, which costs ~90 ms for the
     * 13 kB runtime; parse() reads the same file in ~2 ms, so the -f file only parses and runs it.
     */
    private static final String BOOTSTRAP = "local({ a <- commandArgs(FALSE); "
            + "for (e in parse(file.path(dirname(a[[match(\"-f\", a) + 1L]]), \"runtime-main.R\"), keep.source = FALSE)) "
            + "eval(e, globalenv()) })\n";
    /** Bounded so that a child flooding messages cannot grow host memory; see {@link ChildEvent.Violation}. */
    private static final int EVENT_CAPACITY = 256;

    /** Everything needed to start a child. */
    public record Config(String name, RInstallation r, boolean sandbox, boolean strict, ResourceLimits limits,
                         int maxMessageBytes, Duration startTimeout, List<HostMessage.ToolSpec> tools) {
    }

    private final String name;
    private final Path dir;
    private final BlockingQueue<ChildEvent> events = new LinkedBlockingQueue<>(EVENT_CAPACITY);
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile Process process;
    private volatile long rPid = -1;
    private volatile AFUNIXSocket socket;
    private volatile OutputStream out;
    private volatile OutputPump pump;
    private Thread pumpThread;
    private Thread readerThread;
    private LaunchPlan plan;
    private AFUNIXServerSocket server;

    private ChildConnection(String name, Path dir) {
        this.name = name;
        this.dir = dir;
    }

    /**
     * Starts, authenticates and initialises a child. On any failure everything started so far is
     * torn down before the exception leaves.
     */
    public static ChildConnection start(Config cfg) {
        Path dir;
        try {
            dir = Files.createTempDirectory("securer-", PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rwx------")));
        } catch (IOException e) {
            throw new SecurerException("cannot create the session directory: " + e.getMessage(), e);
        }
        ChildConnection c = new ChildConnection(cfg.name(), dir);
        try {
            c.launch(cfg);
            return c;
        } catch (RuntimeException | Error e) {
            try {
                c.close();
            } catch (RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    private void launch(Config cfg) {
        long t0 = System.nanoTime();
        Path script = dir.resolve("runtime.R");
        Path main = dir.resolve("runtime-main.R");
        Path sock = dir.resolve("ipc.sock");
        StaleSessionDirs.sweepOnce(dir.getParent());
        try {
            Files.writeString(script, BOOTSTRAP, StandardCharsets.UTF_8);
            Files.writeString(main, RUNTIME, StandardCharsets.UTF_8);
            Files.writeString(dir.resolve(StaleSessionDirs.OWNER_FILE), StaleSessionDirs.ownerLine(),
                    StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new SecurerException("cannot write the runtime script: " + e.getMessage(), e);
        }
        plan = SandboxPlanner.plan(new LaunchRequest(cfg.sandbox(), cfg.strict(), cfg.limits(), dir, cfg.r(),
                System.getenv(), OperatingSystem.current()));
        if (plan.childUid().isPresent()) {
            AncestorAccess.firstUnsearchableAncestor(dir).ifPresent(blocked -> {
                throw new SandboxUnavailableException("the sandboxed child runs as an unprivileged uid and cannot "
                        + "reach its session directory under " + blocked + " (others lack search permission); start the "
                        + "JVM with -Djava.io.tmpdir=/tmp or another directory whose parents are all world-searchable");
            });
        }
        try {
            for (LaunchFile f : plan.files()) {
                Files.write(dir.resolve(f.name()), f.content());
            }
        } catch (IOException e) {
            throw new SecurerException("cannot write the launch files into " + dir + ": " + e.getMessage(), e);
        }
        byte[] tokenBytes = new byte[32];
        RANDOM.nextBytes(tokenBytes);
        String token = HexFormat.of().formatHex(tokenBytes);
        try {
            server = AFUNIXServerSocket.newInstance();
            server.bind(AFUNIXSocketAddress.of(sock.toFile()), 1);
            if (plan.childUid().isPresent()) {
                // The child runs as an unprivileged uid of its own: it must be able to reach its
                // directory and connect to the socket, and nobody else but root can.
                int uid = plan.childUid().getAsInt();
                for (Path p : List.of(dir, script, main, sock)) {
                    Files.setAttribute(p, "unix:uid", uid);
                    Files.setAttribute(p, "unix:gid", uid);
                }
            }
            Files.setPosixFilePermissions(sock, PosixFilePermissions.fromString("rw-------"));
        } catch (IOException e) {
            throw new SecurerException("cannot set up the IPC socket in " + dir + ": " + e.getMessage(), e);
        }

        ProcessBuilder pb = new ProcessBuilder(plan.command()).redirectErrorStream(true).directory(dir.toFile());
        Map<String, String> env = pb.environment();
        env.clear();
        env.putAll(plan.environment());
        Process p;
        try {
            p = ProcessLauncher.start(pb);
        } catch (IOException e) {
            throw new RuntimeSetupException("cannot start R (" + plan.command().get(0) + "): " + e.getMessage()
                    + "; " + RDiscovery.INSTALL_HINT, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SecurerException("interrupted while starting R", e);
        }
        process = p;
        pump = new OutputPump(p.getInputStream(), nonce -> offer(new ChildEvent.Fenced(nonce)));
        pumpThread = daemon(pump, "securer-" + name + "-output");
        pumpThread.start();
        try (OutputStream stdin = p.getOutputStream()) {
            stdin.write((token + "\n").getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw startupFailure("R exited before it read its token", e);
        }
        // Unblock accept() at once if the child dies instead of connecting.
        p.onExit().thenRun(() -> {
            AFUNIXServerSocket s = server;
            if (s != null && socket == null) {
                try {
                    s.close();
                } catch (IOException ignored) {
                    // closing to wake accept; nothing else to do
                }
            }
        });

        AFUNIXSocket s;
        try {
            server.setSoTimeout((int) Math.min(Integer.MAX_VALUE, cfg.startTimeout().toMillis()));
            s = server.accept();
        } catch (SocketTimeoutException e) {
            throw startupFailure("R did not connect within " + cfg.startTimeout().toSeconds() + " s", e);
        } catch (IOException e) {
            throw startupFailure("R exited before connecting", e);
        } finally {
            closeServer();
        }
        socket = s;
        // The wrapper opened these before bwrap ran, so the child never needs them again.
        for (LaunchFile f : plan.files()) {
            try {
                Files.deleteIfExists(dir.resolve(f.name()));
            } catch (IOException e) {
                LOG.debug("cannot delete {} from {}: {}", f.name(), dir, e.getMessage());
            }
        }
        try {
            AFUNIXSocketCredentials cred = s.getPeerCredentials();
            long peer = cred.getPid();
            if (!isSelfOrDescendant(p.toHandle(), peer)) {
                throw new IpcProtocolException("socket peer pid " + peer + " is not the R child started by this session");
            }
            rPid = peer;
            s.setSoTimeout((int) Math.min(Integer.MAX_VALUE, cfg.startTimeout().toMillis()));
            InputStream in = s.getInputStream();
            out = s.getOutputStream();
            LineReader reader = new LineReader(in, cfg.maxMessageBytes());
            ChildMessage first = ChildMessageDecoder.decode(requireLine(reader));
            if (!(first instanceof ChildMessage.Hello hello)) {
                throw new IpcProtocolException("child's first message was not hello");
            }
            if (!MessageDigest.isEqual(hello.token().getBytes(StandardCharsets.US_ASCII),
                    token.getBytes(StandardCharsets.US_ASCII))) {
                throw new IpcProtocolException("child presented a wrong auth token");
            }
            if (hello.protocol() != 1) {
                throw new IpcProtocolException("child speaks protocol " + hello.protocol() + ", host speaks 1");
            }
            send(new HostMessage.Init(cfg.tools()));
            ChildMessage ready = ChildMessageDecoder.decode(requireLine(reader));
            if (!(ready instanceof ChildMessage.Ready)) {
                throw new IpcProtocolException("child did not answer init with ready");
            }
            s.setSoTimeout(0);
            readerThread = daemon(() -> readLoop(reader), "securer-" + name + "-ipc");
            readerThread.start();
        } catch (SocketTimeoutException e) {
            throw startupFailure("R did not finish its handshake within " + cfg.startTimeout().toSeconds() + " s", e);
        } catch (IOException e) {
            throw startupFailure("lost the connection to R during its handshake", e);
        }
        p.onExit().thenRun(() -> offer(new ChildEvent.Exited(exitStatus(p))));
        LOG.debug("child {} started in {} ms (pid {}, R pid {}, sandbox {})", name,
                (System.nanoTime() - t0) / 1_000_000, p.pid(), rPid, plan.mode().label());
    }

    private static String requireLine(LineReader reader) throws IOException {
        String line = reader.readLine();
        if (line == null) {
            throw new IOException("R closed the socket");
        }
        return line;
    }

    private static int exitStatus(Process p) {
        try {
            return p.exitValue();
        } catch (IllegalThreadStateException e) {
            return -1;
        }
    }

    private RuntimeException startupFailure(String what, Exception cause) {
        Process p = process;
        String tail = "";
        if (p != null) {
            try {
                p.waitFor(2, TimeUnit.SECONDS);
                if (pumpThread != null) {
                    pumpThread.join(2000);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            tail = pump == null ? "" : pump.tail();
        }
        int setup = tail.indexOf("SECURER-SETUP-ERROR: ");
        if (setup >= 0) {
            String msg = tail.substring(setup + "SECURER-SETUP-ERROR: ".length()).lines().findFirst().orElse("");
            return new RuntimeSetupException(msg + "; " + RDiscovery.INSTALL_HINT);
        }
        String status = p != null && !p.isAlive() ? " (exit status " + p.exitValue() + ")" : "";
        return new SecurerException(what + status + (tail.isEmpty() ? "" : "; R said:\n" + tail), cause);
    }

    private void readLoop(LineReader reader) {
        try {
            while (!closed.get()) {
                String line = reader.readLine();
                if (line == null) {
                    offer(new ChildEvent.SocketClosed());
                    return;
                }
                ChildMessage m = ChildMessageDecoder.decode(line);
                if (!events.offer(new ChildEvent.Message(m))) {
                    violation(new IpcProtocolException("child flooded the host with messages (more than "
                            + EVENT_CAPACITY + " unanswered)"));
                    return;
                }
            }
        } catch (IpcProtocolException e) {
            violation(e);
        } catch (IOException e) {
            if (!closed.get()) {
                offer(new ChildEvent.SocketClosed());
            }
        }
    }

    private void violation(IpcProtocolException e) {
        // Make room: a violation must reach the executing thread even when the queue is full.
        events.clear();
        offer(new ChildEvent.Violation(e));
    }

    private void offer(ChildEvent e) {
        if (!events.offer(e)) {
            LOG.warn("child {} event queue full; dropping {}", name, e.getClass().getSimpleName());
        }
    }

    private static boolean isSelfOrDescendant(ProcessHandle root, long pid) {
        Optional<ProcessHandle> h = ProcessHandle.of(pid);
        for (int depth = 0; depth < 8 && h.isPresent(); depth++) {
            if (h.get().pid() == root.pid()) {
                return true;
            }
            h = h.get().parent();
        }
        return false;
    }

    private static Thread daemon(Runnable r, String threadName) {
        Thread t = new Thread(r, threadName);
        t.setDaemon(true);
        return t;
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

    public BlockingQueue<ChildEvent> events() {
        return events;
    }

    public OutputPump output() {
        return pump;
    }

    public SandboxMode mode() {
        return plan == null ? SandboxMode.NONE : plan.mode();
    }

    public LaunchPlan plan() {
        return plan;
    }

    public long pid() {
        Process p = process;
        return p == null ? -1 : p.pid();
    }

    public boolean isAlive() {
        Process p = process;
        return !closed.get() && p != null && p.isAlive();
    }

    /**
     * Sends SIGINT to R, which R turns into an interrupt condition (the runtime reports it as an
     * interrupted error and the session keeps its state). Returns false if R is gone.
     */
    public boolean interrupt() {
        long pid = rPid;
        Process p = process;
        if (pid <= 0 || p == null || !isSelfOrDescendant(p.toHandle(), pid)) {
            return false;
        }
        // Java cannot send SIGINT; the shell's kill builtin is present wherever /bin/sh is.
        try {
            Process k = new ProcessBuilder("/bin/sh", "-c", "kill -INT \"$1\"", "securer-interrupt", Long.toString(pid))
                    .redirectErrorStream(true).start();
            k.getInputStream().readAllBytes();
            return k.waitFor(5, TimeUnit.SECONDS) && k.exitValue() == 0;
        } catch (IOException e) {
            LOG.warn("could not interrupt R pid {}: {}", pid, e.toString());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        SecurerException failure = null;
        closeServer();
        AFUNIXSocket s = socket;
        if (s != null) {
            try {
                s.close();
            } catch (IOException e) {
                failure = addFailure(failure, e);
            }
        }
        Process p = process;
        if (p != null) {
            // Kill the whole tree (bwrap, its init, R, anything R forked), children first.
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            try {
                if (!p.waitFor(10, TimeUnit.SECONDS)) {
                    failure = addFailure(failure, new IOException("child pid " + p.pid() + " did not exit after SIGKILL"));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (pumpThread != null) {
                try {
                    pumpThread.join(2000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        if (readerThread != null) {
            try {
                readerThread.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            deleteTree(dir);
        } catch (IOException e) {
            failure = addFailure(failure, e);
        }
        if (failure != null) {
            throw failure;
        }
    }

    private void closeServer() {
        AFUNIXServerSocket s = server;
        server = null;
        if (s != null) {
            try {
                s.close();
            } catch (IOException e) {
                LOG.debug("closing server socket: {}", e.toString());
            }
        }
        try {
            Files.deleteIfExists(dir.resolve("ipc.sock"));
        } catch (IOException e) {
            LOG.debug("removing socket file: {}", e.toString());
        }
    }

    private static SecurerException addFailure(SecurerException f, Exception e) {
        if (f == null) {
            return new SecurerException("closing the R child failed: " + e.getMessage(), e);
        }
        f.addSuppressed(e);
        return f;
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.deleteIfExists(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException exc) throws IOException {
                Files.deleteIfExists(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private static String loadRuntime() {
        try (InputStream in = ChildConnection.class.getResourceAsStream("runtime.R")) {
            if (in == null) {
                throw new IllegalStateException("runtime.R resource missing from securer-core");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read runtime.R", e);
        }
    }
}
