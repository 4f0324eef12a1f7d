package io.securer.engine;

import io.securer.engine.sandbox.Isolation;
import io.securer.engine.sandbox.LaunchPlan;
import io.securer.engine.sandbox.LaunchRequest;
import io.securer.engine.sandbox.MemoryCgroup;
import io.securer.engine.sandbox.MemoryPlan;
import io.securer.engine.sandbox.OperatingSystem;
import io.securer.engine.sandbox.RInstallation;
import io.securer.engine.sandbox.SandboxPlanner;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Pattern;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running child: its {@link SessionDirectory}, memory cgroup (when the plan has one),
 * {@link ChildProcess} and {@link ChildChannel}, started in that order and closed in reverse (the
 * cgroup only after the processes have exited), plus the {@link EventQueue} they all report to. A
 * restarted session gets a new instance. {@link #start} tears down whatever it started before an
 * exception leaves; {@link #close()} is idempotent and thread-safe.
 */
public final class Child implements ChildLink, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Child.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String RUNTIME_SOURCE = loadRuntime();
    /** Unanswered messages a child may have queued at most; a conforming child has one or two. */
    private static final int MAX_QUEUED_MESSAGES = 64;
    /** What R (or the runtime) prints when an allocation fails. */
    private static final Pattern OUT_OF_MEMORY = Pattern.compile("(?i).*(memory exhausted|cannot allocate).*");
    /** How many of the last lines R printed outside an execution are searched for that. */
    private static final int CAUSE_LINES = 5;

    private final String name;
    private final EventQueue events;
    private final AtomicBoolean closed = new AtomicBoolean();
    private SessionDirectory dir;
    private LaunchPlan plan;
    private MemoryCgroup cgroup;
    private ChildProcess process;
    private ChildChannel channel;
    private String rVersion;

    private Child(String name, int maxMessageBytes) {
        this.name = name;
        this.events = new EventQueue(MAX_QUEUED_MESSAGES, Math.max(4L * maxMessageBytes, 8L << 20));
    }

    /** Starts, authenticates and initialises a child; on failure nothing it started is left behind. */
    public static Child start(ChildSpec spec) {
        Child c = new Child(spec.name(), spec.maxMessageBytes());
        try {
            c.launch(spec);
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

    private void launch(ChildSpec spec) {
        long t0 = System.nanoTime();
        dir = SessionDirectory.create(RUNTIME_SOURCE);
        // In a container, R is the image's: the host needs none.
        RInstallation r = spec.container() == null ? RDiscovery.discover(spec.rExecutable()) : null;
        plan = SandboxPlanner.plan(new LaunchRequest(spec.sandbox(), spec.strict(), spec.limits(), dir.path(),
                r, System.getenv(), OperatingSystem.current(), spec.container(), resourceName(name)));
        if (plan.childUid().isPresent()) {
            AncestorAccess.firstUnsearchableAncestor(dir.path()).ifPresent(blocked -> {
                throw new io.securer.engine.sandbox.SandboxRefusedException("the sandboxed child runs as an "
                        + "unprivileged uid and cannot reach its session directory under " + blocked + " (others lack "
                        + "search permission); start the JVM with -Djava.io.tmpdir=/tmp or another directory whose "
                        + "parents are all world-searchable");
            });
        }
        dir.writeLaunchFiles(plan.files());
        if (plan.memory().cgroup() != null) {
            try {
                cgroup = MemoryCgroup.create(plan.memory().cgroup());
            } catch (IOException e) {
                throw new ChildStartException(ChildStartException.Kind.FAILED, "cannot set up the memory cgroup "
                        + plan.memory().cgroup().dir() + ": " + e.getMessage(), e);
            }
        }
        channel = ChildChannel.listen(dir.socket());
        Path pipe = BulkPipe.create(dir.bulkPipe()) ? dir.bulkPipe() : null;
        if (plan.childUid().isPresent()) {
            try {
                dir.handTo(plan.childUid().getAsInt());
            } catch (IOException e) {
                throw new ChildStartException(ChildStartException.Kind.FAILED,
                        "cannot hand the session directory to the sandbox uid: " + e.getMessage(), e);
            }
        }
        // without a sandbox R works in the directory's own work/ (a sandbox gives R its /tmp)
        Path cwd = plan.mode() == Isolation.NONE ? dir.workDir() : dir.path();
        process = ChildProcess.start(name, plan, cwd, nonce -> events.putControl(new ChildEvent.Fenced(nonce)),
                e -> events.putControl(new ChildEvent.OutputFailed(e)));
        String token = token();
        try {
            process.sendStdinLine(token);
        } catch (IOException e) {
            throw explained(process.startupFailure("R exited before it read its token", e));
        }
        ChildChannel ch = channel;
        process.onExit(ch::stopListening); // unblocks accept() at once if R dies instead of connecting
        try {
            ChildMessage.Hello hello = channel.connect(spec.startTimeout(), token, process::owns,
                    new HostMessage.Init(spec.tools(), spec.runtime().forIsolation(plan.mode())), spec.maxMessageBytes(), pipe);
            rVersion = hello.rVersion();
        } catch (SocketTimeoutException e) {
            throw explained(process.startupFailure("R did not connect and finish its handshake within "
                    + spec.startTimeout().toSeconds() + " s", e));
        } catch (IOException e) {
            throw explained(process.startupFailure("R exited or hung up before finishing its handshake", e));
        }
        dir.deleteLaunchFiles(plan.files()); // the wrapper opened them before bwrap ran
        channel.startReading("securer-" + name + "-ipc", spec.maxPayloadBytes(),
                (m, size) -> events.putMessage(new ChildEvent.Message(m), size + 64L),
                e -> events.replaceAllWith(new ChildEvent.Violation(e)),
                () -> events.putControl(new ChildEvent.SocketClosed()));
        ChildProcess p = process;
        p.onExit(() -> events.putControl(new ChildEvent.Exited(p.exitStatus())));
        LOG.debug("child {} started in {} ms (pid {}, R pid {}, sandbox {}, memory limit {})", name,
                (System.nanoTime() - t0) / 1_000_000, process.pid(), channel.peerPid(), plan.mode().label(),
                plan.memory().describe());
    }

    /** A session id as host-side resources may be named by it. */
    private static String resourceName(String name) {
        String clean = name.replaceAll("[^A-Za-z0-9_-]", "_");
        return clean.isEmpty() ? "child" : clean.substring(0, Math.min(clean.length(), 64));
    }

    /** A start failure, with the memory limit named when that is what ended R. */
    private ChildStartException explained(ChildStartException e) {
        Optional<ExitCause> cause = exitCause();
        if (cause.isEmpty()) {
            return e;
        }
        return new ChildStartException(e.kind(), e.getMessage() + "\nR " + cause.get().what() + ": "
                + cause.get().detail(), e.getCause());
    }

    private static String token() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    @Override
    public OutputStream bulkInput() {
        return process.stdin();
    }

    @Override
    public void send(HostMessage message) throws IOException {
        if (closed.get()) {
            throw new IOException("connection to R is closed");
        }
        channel.send(message);
    }

    @Override
    public ChildEvent next(long deadline) throws InterruptedException {
        return events.take(deadline);
    }

    @Override
    public ChildEvent poll() {
        return events.poll();
    }

    @Override
    public void attachOutput(OutputSink sink) {
        process.output().attach(sink);
    }

    @Override
    public void detachOutput() {
        process.output().detach();
    }

    @Override
    public void postToolDone(ChildEvent.ToolDone done) {
        events.putControl(done);
    }

    @Override
    public void recycle(byte[] data) {
        channel.recycle(data);
    }

    @Override
    public void transferDone() {
        channel.releaseBuffers();
    }

    @Override
    public boolean interrupt() {
        return !closed.get() && process.interrupt(channel.peerPid());
    }

    /** The isolation this child really runs under ({@code NONE} after a non-strict fallback). */
    public Isolation isolation() {
        return plan == null ? Isolation.NONE : plan.mode();
    }

    /** How the child's memory is limited ({@link MemoryPlan#NONE} before it was planned). */
    public MemoryPlan memory() {
        return plan == null ? MemoryPlan.NONE : plan.memory();
    }

    /**
     * Why the child died, when the host can tell: the kernel's OOM killer acted in its memory
     * cgroup, or R's last words outside an execution were an allocation failure. Complete once the
     * child is closed (its output has then been read to the end).
     */
    @Override
    public Optional<ExitCause> exitCause() {
        MemoryPlan memory = memory();
        if (cgroup != null && cgroup.oomKills() > 0) {
            return Optional.of(new ExitCause("ran out of memory", "the sandbox used up its memory limit of "
                    + MemoryPlan.format(memory.limitBytes()) + " (memory cgroup) and the kernel's OOM killer ended R"));
        }
        if (process == null) {
            return Optional.empty();
        }
        List<String> lines = process.output().tail().lines().toList();
        for (int i = lines.size() - 1; i >= Math.max(0, lines.size() - CAUSE_LINES); i--) {
            String line = lines.get(i).strip();
            if (OUT_OF_MEMORY.matcher(line).matches()) {
                String limit = memory.addressSpaceBytes() == null ? "" : " under its address-space limit of "
                        + MemoryPlan.format(memory.addressSpaceBytes()) + " (RLIMIT_AS, per process)";
                return Optional.of(new ExitCause("ran out of memory", "R could not allocate memory" + limit
                        + " and stopped (it said: " + line + ")"));
            }
        }
        return Optional.empty();
    }

    /** Why a requested sandbox was not applied, or null. */
    public String fallbackReason() {
        return plan == null ? null : plan.fallbackReason();
    }

    public long pid() {
        return process == null ? -1 : process.pid();
    }

    public String rVersion() {
        return rVersion;
    }

    public boolean isAlive() {
        return !closed.get() && process != null && process.isAlive();
    }

    /** Kills the process tree, closes the socket and deletes the directory; idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        RuntimeException failure = null;
        if (cgroup != null && LOG.isDebugEnabled()) {
            OptionalLong peak = cgroup.peakBytes();
            LOG.debug("child {}: memory peak {} of its {} limit, {} OOM kill(s)", name,
                    peak.isPresent() ? MemoryPlan.format(peak.getAsLong()) : "unknown",
                    MemoryPlan.format(cgroup.plan().limitBytes()), cgroup.oomKills());
        }
        // The cgroup goes after the process (it can only be removed once empty), before the directory.
        for (AutoCloseable part : new AutoCloseable[] {channel, process, cgroup, dir}) {
            if (part == null) {
                continue;
            }
            try {
                part.close();
            } catch (Exception e) {
                RuntimeException r = e instanceof RuntimeException re ? re : new IllegalStateException(e);
                if (failure == null) {
                    failure = r;
                } else {
                    failure.addSuppressed(r);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private static String loadRuntime() {
        try (InputStream in = Child.class.getResourceAsStream("runtime.R")) {
            if (in == null) {
                throw new IllegalStateException("runtime.R resource missing from securer-core");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .replace("@PROTOCOL_VERSION@", Integer.toString(Protocol.VERSION))
                    .replace("@SOCKET_FILE@", SessionDirectory.SOCKET)
                    .replace("@BULK_PIPE_FILE@", SessionDirectory.BULK_PIPE)
                    .replace("@SETUP_ERROR_MARK@", ChildProcess.SETUP_ERROR_MARK)
                    .replace("@CONFIG_ERROR_MARK@", ChildProcess.CONFIG_ERROR_MARK)
                    .replace("@FENCE_MARK@", OutputPump.FENCE_MARK_R);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read runtime.R", e);
        }
    }
}
