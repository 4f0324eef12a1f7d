package io.securer.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.rosuda.REngine.Rserve.RConnection;
import org.rosuda.REngine.Rserve.RserveException;

/**
 * A private Rserve daemon for the benchmark: one loopback TCP port, one config file and one
 * working directory in a temp dir of its own, and nothing left running after {@link #close()}.
 *
 * <p>It runs the Rserve binary that the R package ships ({@code libs/Rserve}) through
 * {@code R CMD}, which sets R's environment and then {@code exec}s it, so the process this class
 * starts <em>is</em> the server. {@code daemon disable} in the config keeps it in the foreground:
 * by default Rserve forks into the background and the parent exits, which would lose the pid.
 *
 * <p>Rserve forks one child per connection. Those children are found two ways on close: as
 * descendants of the server, and by the unique config path on their command line (a fork keeps
 * its parent's command line), which also finds any child that outlived the server. Only those
 * pids are signalled.
 */
public final class RserveServer implements AutoCloseable {
    /**
     * Rserve's default largest message it accepts (config {@code maxinbuf}, in KiB): 256 MiB.
     * The 1e6-row frame of the benchmark is about 33 MB on the wire, so the default would do; it
     * is written out anyway so the limit is visible and can be raised in one place.
     */
    public static final long DEFAULT_MAX_IN_BUF_KIB = 262_144;

    private final Process process;
    private final Path dir;
    private final Path conf;
    private final Path log;
    private final int port;
    private final Thread shutdownHook;
    private boolean closed;

    private RserveServer(Process process, Path dir, Path conf, Path log, int port) {
        this.process = process;
        this.dir = dir;
        this.conf = conf;
        this.log = log;
        this.port = port;
        this.shutdownHook = new Thread(this::killAll, "rserve-server-cleanup");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** Starts a server with the default input limit and waits (by connecting) until it answers. */
    public static RserveServer start() throws IOException, InterruptedException {
        return start(DEFAULT_MAX_IN_BUF_KIB, Duration.ofSeconds(30));
    }

    /**
     * Starts a server whose largest accepted message is {@code maxInBufKiB} KiB (0 = no limit)
     * and waits until a client can connect, or fails after {@code timeout}.
     */
    public static RserveServer start(long maxInBufKiB, Duration timeout) throws IOException, InterruptedException {
        String binary = rserveBinary();
        Path dir = Files.createTempDirectory("rserve-bench-");
        Path conf = dir.resolve("rserve.conf");
        Path log = dir.resolve("rserve.log");
        Path work = dir.resolve("work");
        IOException last = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            int port = freeLoopbackPort();
            Files.writeString(conf, config(port, maxInBufKiB, work, dir.resolve("rserve.pid")), StandardCharsets.UTF_8);
            Process p = new ProcessBuilder("R", "CMD", binary, "--vanilla", "--RS-conf", conf.toString())
                    .directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.to(log.toFile())).start();
            RserveServer server = new RserveServer(p, dir, conf, log, port);
            try {
                server.awaitReady(timeout);
                return server;
            } catch (IOException e) {
                // Most likely the port was taken between probing and binding: try another one.
                last = e;
                server.killAll();
                Runtime.getRuntime().removeShutdownHook(server.shutdownHook);
            }
        }
        deleteTree(dir);
        throw last;
    }

    static String config(int port, long maxInBufKiB, Path workdir, Path pidFile) {
        return String.join("\n",
                "daemon disable",          // stay in the foreground: this process is the server
                "port " + port,
                "remote disable",          // loopback only
                "auth disable",
                "plaintext disable",
                "interactive no",
                "encoding utf8",           // strings in and out of R as UTF-8, whatever the locale
                "maxinbuf " + maxInBufKiB, // largest message (KiB) a client may send, e.g. assign()
                "maxsendbuf 0",            // no limit on what the server sends back (its default)
                "workdir " + workdir,      // per-connection dirs go here, not /tmp/Rserv
                "workdir.clean enable",
                "pid.file " + pidFile,
                "") ;
    }

    /** The Rserve executable of the installed R package, e.g. /usr/lib/R/site-library/Rserve/libs/Rserve. */
    static String rserveBinary() throws IOException, InterruptedException {
        Process p = new ProcessBuilder("Rscript", "--vanilla", "-e",
                "cat(system.file('libs', 'Rserve', package = 'Rserve'))").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        p.waitFor();
        if (out.isEmpty() || !Files.isExecutable(Path.of(out))) {
            throw new IOException("the R package Rserve is not installed (Debian: apt-get install r-cran-rserve); Rscript said: " + out);
        }
        return out;
    }

    private static int freeLoopbackPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private void awaitReady(Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long pause = 5;
        while (true) {
            if (!process.isAlive()) {
                throw new IOException("Rserve exited with " + process.exitValue() + " before accepting connections:\n" + logTail());
            }
            try {
                RConnection c = new RConnection("127.0.0.1", port);
                c.close();
                return;
            } catch (RserveException notYet) {
                if (System.nanoTime() > deadline) {
                    throw new IOException("Rserve did not accept a connection on port " + port + " within " + timeout
                            + ":\n" + logTail(), notYet);
                }
            }
            Thread.sleep(pause);
            pause = Math.min(pause * 2, 100);
        }
    }

    /** A new connection to this server; Rserve forks a child R for it. */
    public RConnection connect() throws RserveException {
        return new RConnection("127.0.0.1", port);
    }

    /** The R and Rserve versions, the server's pid and port, for the benchmark's header. */
    public String describe() throws RserveException, org.rosuda.REngine.REXPMismatchException {
        RConnection c = connect();
        try {
            String v = c.eval("paste(R.version.string, '/ Rserve', as.character(packageVersion('Rserve')))").asString();
            return String.format(Locale.ROOT, "peer %s on 127.0.0.1:%d (server pid %d)", v, port, pid());
        } finally {
            c.close();
        }
    }

    public int port() {
        return port;
    }

    public long pid() {
        return process.pid();
    }

    /** The pids this server started and that still run: the server and its per-connection children. */
    public Set<Long> livePids() {
        Set<Long> pids = new LinkedHashSet<>();
        process.toHandle().descendants().forEach(h -> pids.add(h.pid()));
        String marker = conf.toString();
        try (Stream<ProcessHandle> all = ProcessHandle.allProcesses()) {
            all.filter(h -> h.info().commandLine().map(c -> c.contains(marker)).orElse(false))
                    .forEach(h -> pids.add(h.pid()));
        }
        if (process.isAlive()) {
            pids.add(process.pid());
        }
        return pids;
    }

    /**
     * Whether {@code pid} has exited but not been reaped. Rserve reaps a finished child only
     * when it accepts the next connection, so one such child is normal between connections.
     */
    public static boolean isZombie(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // pid (comm) S ...: the state follows the last ')' (comm may contain spaces).
            return stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** The last lines Rserve printed (its own log, in the temp dir). */
    public String logTail() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        killAll();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or has run; nothing more to do
        }
    }

    /**
     * SIGTERM to the children, then the server; SIGKILL to whatever is left after two seconds.
     * Children first, so none is orphaned while it is still being looked for.
     */
    private void killAll() {
        Set<Long> pids = livePids();
        List<ProcessHandle> handles = new ArrayList<>();
        for (long pid : pids) {
            if (pid != process.pid()) {
                ProcessHandle.of(pid).ifPresent(handles::add);
            }
        }
        handles.add(process.toHandle());
        handles.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        for (ProcessHandle h : handles) {
            while (h.isAlive() && System.nanoTime() < deadline) {
                try {
                    h.onExit().get(50, TimeUnit.MILLISECONDS);
                } catch (Exception e) {
                    if (e instanceof InterruptedException) {
                        Thread.currentThread().interrupt();
                        break;
                    }
                }
            }
        }
        for (ProcessHandle h : handles) {
            if (h.isAlive()) {
                h.destroyForcibly();
            }
        }
        try {
            process.waitFor(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // Late forks (none expected: no client is connecting now) would show up here.
        for (long pid : livePids()) {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        }
        deleteTree(dir);
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> s = Files.walk(root)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            System.err.printf(Locale.ROOT, "rserve: could not delete %s: %s%n", root, e.getMessage());
        }
    }
}
