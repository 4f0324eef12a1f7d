package io.securer;

import io.securer.internal.AuditSink;
import io.securer.internal.ChildConnection;
import io.securer.internal.RDiscovery;
import io.securer.internal.ToolDispatcher;
import io.securer.sandbox.SandboxMode;
import java.lang.ref.Cleaner;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A persistent R session in a child process, optionally sandboxed, whose code can call the
 * host tools it was built with. Variables persist between {@link #execute} calls.
 *
 * <p><b>Thread safety:</b> all methods may be called from any thread; executions are serialized
 * (a second caller waits for the first), never interleaved. {@link #close()} may be called while
 * another thread executes: that execution ends with {@link SessionClosedException}.
 *
 * <p><b>Ownership:</b> the session owns its child process tree, socket and temporary directory
 * and releases all of them in {@link #close()} (idempotent). A session that becomes unreachable
 * without being closed is cleaned up by a {@link Cleaner}; the child also exits when the JVM dies.
 *
 * <p><b>Timeouts:</b> when an execution's timeout passes, R is interrupted (SIGINT). If R answers
 * within the grace period the session keeps its state; otherwise the child is killed and a fresh
 * one started. Either way {@link ExecutionTimeoutException#sessionRestarted()} says which.
 */
public final class SecureSession implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SecureSession.class);
    private static final Cleaner CLEANER = Cleaner.create(r -> {
        Thread t = new Thread(r, "securer-cleaner");
        t.setDaemon(true);
        return t;
    });

    private final String id = UUID.randomUUID().toString().substring(0, 8);
    private final Settings settings;
    private final ToolDispatcher dispatcher;
    private final ReentrantLock lock = new ReentrantLock(true);
    private final Resources resources;
    private final Cleaner.Cleanable cleanable;
    private final ExecutionDriver driver;
    private volatile boolean closed;
    private int executions;

    /** What the Cleaner needs to release; must not reference the session itself. */
    static final class Resources implements Runnable {
        final AtomicReference<ChildConnection> child = new AtomicReference<>();
        final ToolRunner tools;
        final AuditSink audit;

        Resources(String id, AuditSink audit) {
            this.tools = new ToolRunner(id);
            this.audit = audit;
        }

        @Override
        public void run() {
            RuntimeException failure = null;
            ChildConnection c = child.getAndSet(null);
            if (c != null) {
                try {
                    c.close();
                } catch (RuntimeException e) {
                    failure = e;
                }
            }
            tools.close();
            audit.close();
            if (failure != null) {
                throw failure;
            }
        }
    }

    private SecureSession(Builder b) {
        this.settings = new Settings(b);
        this.dispatcher = new ToolDispatcher(new ArrayList<>(b.tools.values()));
        AuditSink audit = b.auditLog == null ? AuditSink.NONE : AuditLogWriter.open(b.auditLog);
        this.resources = new Resources(id, audit);
        this.cleanable = CLEANER.register(this, resources);
        this.driver = new ExecutionDriver(this, settings, dispatcher, resources.tools);
        try {
            ChildConnection c = startChild();
            resources.child.set(c);
            event("session_start", Map.of("sandbox", c.mode().label(), "tools", toolNames()),
                    "session {} started: pid {}, sandbox {}", id, c.pid(), c.mode().label());
            if (settings.sandbox && c.mode() == SandboxMode.NONE) {
                event("sandbox_fallback", Map.of("reason", String.valueOf(c.plan().fallbackReason())),
                        "session {} runs WITHOUT a sandbox: {}", id, c.plan().fallbackReason());
            }
        } catch (RuntimeException e) {
            try {
                cleanable.clean();
            } catch (RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Runs {@code code} with default options (no timeout). */
    public ExecutionResult execute(String code) {
        return execute(code, ExecuteOptions.defaults());
    }

    /**
     * Evaluates {@code code} in the child's global environment.
     *
     * @throws RSyntaxException            the code does not parse (nothing ran)
     * @throws RExecutionException         R raised an error, or the R process died while running it
     * @throws ExecutionTimeoutException   the timeout passed
     * @throws ToolCallLimitException      the code made more tool calls than allowed
     * @throws ExecutionRejectedException  too long, vetoed by the hook, or over maxExecutions
     * @throws IpcProtocolException        the child broke the protocol (it was replaced)
     * @throws SessionClosedException      the session is closed
     */
    public ExecutionResult execute(String code, ExecuteOptions options) {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(options, "options");
        ensureOpen();
        if (code.length() > options.maxCodeLength()) {
            throw reject(code, "code is " + code.length() + " characters long; the limit is " + options.maxCodeLength());
        }
        if (options.validate() && code.indexOf('\0') >= 0) {
            throw reject(code, "code contains a NUL character");
        }
        if (settings.preExecuteHook != null && !settings.preExecuteHook.test(code)) {
            throw reject(code, "code rejected by the preExecuteHook");
        }
        lockInterruptibly();
        try {
            ensureOpen();
            if (settings.maxExecutions != null && executions >= settings.maxExecutions) {
                throw reject(code, "session reached its limit of " + settings.maxExecutions + " executions");
            }
            executions++;
            return driver.execute(liveChild(), code, options);
        } finally {
            lock.unlock();
        }
    }

    /** Parses {@code code} in the child and lists calls that reach outside R; nothing runs. */
    public ValidationResult validate(String code) {
        Objects.requireNonNull(code, "code");
        ensureOpen();
        lockInterruptibly();
        try {
            ensureOpen();
            return driver.validate(liveChild(), code);
        } finally {
            lock.unlock();
        }
    }

    /** Replaces the child with a fresh one: all R state is lost, tools stay. */
    public void restart() {
        ensureOpen();
        lockInterruptibly();
        try {
            ensureOpen();
            replaceChild("restart requested");
        } finally {
            lock.unlock();
        }
    }

    /** True when the session is open and its child process is running. */
    public boolean isAlive() {
        ChildConnection c = resources.child.get();
        return !closed && c != null && c.isAlive();
    }

    /** The tools R code in this session may call, in declaration order. */
    public List<SecurerTool> tools() {
        return dispatcher.tools();
    }

    /** The isolation the current child really runs under ({@code NONE} after a non-strict fallback). */
    public SandboxMode sandboxMode() {
        ChildConnection c = resources.child.get();
        return c == null ? SandboxMode.NONE : c.mode();
    }

    /** A short random id that names this session in logs and the audit log. */
    public String id() {
        return id;
    }

    /** Ends the child process tree and removes its files. Idempotent; safe from any thread. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        event("session_close", Map.of("executions", executions), "session {} closed", id);
        cleanable.clean();
    }

    @Override
    public String toString() {
        ChildConnection c = resources.child.get();
        String state = closed ? "closed" : (c != null && c.isAlive() ? "running pid=" + c.pid() : "dead");
        String mode = c == null ? "none" : c.mode().label();
        if (c != null && settings.sandbox && c.mode() == SandboxMode.NONE) {
            mode = "none(fallback)";
        }
        return "SecureSession[" + state + " sandbox=" + mode + " tools=" + dispatcher.tools().size() + "]";
    }

    // ---------------------------------------------------------------------------------------

    private ChildConnection liveChild() {
        ChildConnection c = resources.child.get();
        if (c == null || !c.isAlive()) {
            replaceChild("child process had died");
            c = resources.child.get();
        }
        return c;
    }

    /** Called with the lock held (or from the driver, which runs under it). */
    void replaceChild(String why) {
        ChildConnection old = resources.child.getAndSet(null);
        if (old != null) {
            try {
                old.close();
            } catch (RuntimeException e) {
                LOG.warn("session {}: closing the old child failed: {}", id, e.toString());
            }
        }
        ensureOpen();
        ChildConnection fresh = startChild();
        resources.child.set(fresh);
        event("session_restart", Map.of("reason", why), "session {} restarted ({}): pid {}", id, why, fresh.pid());
    }

    private ChildConnection startChild() {
        return ChildConnection.start(new ChildConnection.Config(id, RDiscovery.discover(settings.rExecutable),
                settings.sandbox, settings.sandboxStrict, settings.effectiveLimits(), settings.maxMessageBytes,
                settings.startTimeout, dispatcher.specs()));
    }

    private List<String> toolNames() {
        return dispatcher.tools().stream().map(SecurerTool::name).toList();
    }

    private ExecutionRejectedException reject(String code, String why) {
        event("execute_rejected", Map.of("reason", why), "session {} rejected code: {}", id, why);
        return new ExecutionRejectedException(why);
    }

    private void ensureOpen() {
        if (closed) {
            throw new SessionClosedException("session " + id + " is closed");
        }
    }

    String sessionId() {
        return id;
    }

    boolean isClosed() {
        return closed;
    }

    private void lockInterruptibly() {
        try {
            lock.lockInterruptibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SecurerException("interrupted while waiting for the session", e);
        }
    }

    void event(String name, Map<String, Object> fields, String logFormat, Object... logArgs) {
        if (settings.verbose) {
            LOG.info(logFormat, logArgs);
        } else {
            LOG.debug(logFormat, logArgs);
        }
        resources.audit.record(id, name, fields);
    }

    /** Immutable copy of the builder's settings. */
    static final class Settings {
        final boolean sandbox;
        final boolean sandboxStrict;
        final ResourceLimits limits;
        final boolean verbose;
        final Integer maxExecutions;
        final Predicate<String> preExecuteHook;
        final boolean sanitizeErrors;
        final String rExecutable;
        final Duration startTimeout;
        final Duration interruptGrace;
        final int maxMessageBytes;

        Settings(Builder b) {
            sandbox = b.sandbox;
            sandboxStrict = b.sandboxStrict;
            limits = b.limits;
            verbose = b.verbose;
            maxExecutions = b.maxExecutions;
            preExecuteHook = b.preExecuteHook;
            sanitizeErrors = b.sanitizeErrors;
            rExecutable = b.rExecutable;
            startTimeout = b.startTimeout;
            interruptGrace = b.interruptGrace;
            maxMessageBytes = b.maxMessageBytes;
        }

        /** Sandboxed sessions get the default limits unless the caller chose (none() included). */
        ResourceLimits effectiveLimits() {
            if (limits != null) {
                return limits;
            }
            return sandbox ? ResourceLimits.defaults() : ResourceLimits.none();
        }
    }

    /**
     * Builder for {@link SecureSession} (and the template for pools and per-chat sessions). Not
     * thread-safe; {@link #build()} may be called many times, each call starting a new session.
     */
    public static final class Builder {
        private final Map<String, SecurerTool> tools = new LinkedHashMap<>();
        private boolean sandbox;
        private boolean sandboxStrict;
        private ResourceLimits limits;
        private boolean verbose;
        private Path auditLog;
        private Integer maxExecutions;
        private Predicate<String> preExecuteHook;
        private boolean sanitizeErrors;
        private String rExecutable = "R";
        private Duration startTimeout = Duration.ofSeconds(30);
        private Duration interruptGrace = Duration.ofSeconds(2);
        private int maxMessageBytes = 1024 * 1024;

        private Builder() {
        }

        /** An independent copy of this builder (tools, settings); changing one leaves the other alone. */
        public Builder copy() {
            Builder b = new Builder();
            b.tools.putAll(tools);
            b.sandbox = sandbox;
            b.sandboxStrict = sandboxStrict;
            b.limits = limits;
            b.verbose = verbose;
            b.auditLog = auditLog;
            b.maxExecutions = maxExecutions;
            b.preExecuteHook = preExecuteHook;
            b.sanitizeErrors = sanitizeErrors;
            b.rExecutable = rExecutable;
            b.startTimeout = startTimeout;
            b.interruptGrace = interruptGrace;
            b.maxMessageBytes = maxMessageBytes;
            return b;
        }

        /** The tools added so far, in order. */
        public List<SecurerTool> tools() {
            return List.copyOf(tools.values());
        }

        /** Adds a tool; names must be unique. */
        public Builder tool(SecurerTool tool) {
            Objects.requireNonNull(tool, "tool");
            if (tools.putIfAbsent(tool.name(), tool) != null) {
                throw new IllegalArgumentException("duplicate tool name '" + tool.name() + "'");
            }
            return this;
        }

        public Builder tools(List<SecurerTool> list) {
            list.forEach(this::tool);
            return this;
        }

        /** Run the child in the OS sandbox (bubblewrap on Linux). Default false, as in the R package. */
        public Builder sandbox(boolean sandbox) {
            this.sandbox = sandbox;
            return this;
        }

        /** With a sandbox requested: fail with {@link SandboxUnavailableException} rather than fall back. */
        public Builder sandboxStrict(boolean strict) {
            this.sandboxStrict = strict;
            return this;
        }

        /** Resource limits; default: {@link ResourceLimits#defaults()} with a sandbox, none without. */
        public Builder limits(ResourceLimits limits) {
            this.limits = Objects.requireNonNull(limits, "limits (use ResourceLimits.none())");
            return this;
        }

        /** Log lifecycle and tool calls at INFO instead of DEBUG. */
        public Builder verbose(boolean verbose) {
            this.verbose = verbose;
            return this;
        }

        /** Append audit events as JSON Lines to this file (created 0600). */
        public Builder auditLog(Path path) {
            this.auditLog = path;
            return this;
        }

        /** Refuse executions after this many; null for unlimited. */
        public Builder maxExecutions(Integer max) {
            if (max != null && max <= 0) {
                throw new IllegalArgumentException("maxExecutions must be positive, got " + max);
            }
            this.maxExecutions = max;
            return this;
        }

        /** Called with each code string before it is sent; false rejects it. */
        public Builder preExecuteHook(Predicate<String> hook) {
            this.preExecuteHook = hook;
            return this;
        }

        /** Mask host paths, addresses and pids in R error messages reported to the caller. */
        public Builder sanitizeErrors(boolean sanitize) {
            this.sanitizeErrors = sanitize;
            return this;
        }

        /** The R launcher to use (default "R" on PATH). */
        public Builder rExecutable(String launcher) {
            this.rExecutable = Objects.requireNonNull(launcher);
            return this;
        }

        /** How long a child may take to start and connect (default 30 s). */
        public Builder startTimeout(Duration d) {
            this.startTimeout = positive("startTimeout", d);
            return this;
        }

        /** How long R gets to answer an interrupt before it is killed (default 2 s). */
        public Builder interruptGrace(Duration d) {
            this.interruptGrace = positive("interruptGrace", d);
            return this;
        }

        /** Largest message accepted from the child (default 1 MiB). */
        public Builder maxMessageBytes(int bytes) {
            if (bytes < 1024) {
                throw new IllegalArgumentException("maxMessageBytes must be at least 1024, got " + bytes);
            }
            this.maxMessageBytes = bytes;
            return this;
        }

        private static Duration positive(String what, Duration d) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(what + " must be positive, got " + d);
            }
            return d;
        }

        /** Starts a session. */
        public SecureSession build() {
            return new SecureSession(this);
        }
    }
}
