package io.securer;

import io.securer.engine.Child;
import io.securer.engine.Threads;
import java.lang.ref.Cleaner;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

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
 * one started. {@link SecurerException#sessionRestarted()} says which.
 *
 * <p><b>Lost state:</b> when the child had to be replaced (it died, or was killed after a timeout)
 * the next result or exception says so with {@code sessionRestarted()}.
 */
public final class SecureSession implements AutoCloseable {
    private static final Cleaner CLEANER = Cleaner.create(Threads.named("securer-cleaner"));

    private final String id = UUID.randomUUID().toString().substring(0, 8);
    private final SessionConfig config;
    private final ToolDispatcher dispatcher;
    private final ReentrantLock lock = new ReentrantLock(true);
    private final Resources resources;
    private final Cleaner.Cleanable cleanable;
    private final ExecutionDriver driver;
    private final SessionOperations operations;
    private final SessionFiles files = new SessionFiles(() -> this);
    /** Shared with the child supervisor (never the session itself, or the Cleaner could not run). */
    private final AtomicBoolean closed = new AtomicBoolean();

    /** What the Cleaner needs to release; must not reference the session itself. */
    private static final class Resources implements Runnable {
        final EventBus bus;
        final ChildSupervisor children;
        final ToolRunner tools;

        Resources(EventBus bus, ChildSupervisor children, ToolRunner tools) {
            this.bus = bus;
            this.children = children;
            this.tools = tools;
        }

        @Override
        public void run() {
            try {
                children.close();
            } finally {
                tools.close();
                bus.close();
            }
        }
    }

    private SecureSession(SessionConfig config) {
        this.config = config;
        this.dispatcher = new ToolDispatcher(config.tools());
        EventBus bus = new EventBus(config);
        ChildSupervisor children = new ChildSupervisor(id, config, bus, closed::get);
        ToolRunner tools = new ToolRunner(id);
        this.resources = new Resources(bus, children, tools);
        this.cleanable = CLEANER.register(this, resources);
        this.driver = new ExecutionDriver(children, dispatcher, tools, config.interruptGrace(), config.sanitizeErrors(),
                config.maxPlotBytes(), config.maxTransferBytes());
        this.operations = new SessionOperations(driver, config);
        try {
            children.startFirst(dispatcher.tools().stream().map(SecurerTool::name).toList());
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

    /** Starts a session with these settings. */
    public static SecureSession start(SessionConfig config) {
        return new SecureSession(Objects.requireNonNull(config, "config"));
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
            throw reject("code is " + code.length() + " characters long; the limit is " + options.maxCodeLength());
        }
        if (options.validate() && code.indexOf('\0') >= 0) {
            throw reject("code contains a NUL character");
        }
        if (config.preExecuteHook() != null && !config.preExecuteHook().test(code)) {
            throw reject("code rejected by the preExecuteHook");
        }
        return locked(() -> {
            if (config.maxExecutions() != null && driver.executions() >= config.maxExecutions()) {
                throw reject("session reached its limit of " + config.maxExecutions() + " executions");
            }
            Child child = resources.children.live();
            return driver.execute(child, code, options, resources.children.takeLostState());
        });
    }

    /** Parses {@code code} in the child and lists calls that reach outside R; nothing runs. */
    public ValidationResult validate(String code) {
        Objects.requireNonNull(code, "code");
        return locked(() -> driver.validate(resources.children.live(), code));
    }

    /**
     * Puts {@code frame} into R's global environment as a {@code data.frame} named {@code name}
     * (replacing what was there). The data travel in binary, column by column.
     *
     * @throws DataTransferException the frame is over {@link SessionSettings#maxTransferBytes}
     * @throws RExecutionException   R could not hold it (e.g. out of memory) or {@code name} is a
     *                               tool's locked binding
     */
    public void assign(String name, DataFrame frame) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(frame, "frame");
        if (name.isEmpty() || name.length() > 10_000 || name.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("an R variable name must be 1 to 10000 characters without NUL");
        }
        locked(() -> {
            operations.assign(resources.children.live(), resources.children.takeLostState(), name, frame);
            return null;
        });
    }

    /**
     * Evaluates {@code rExpression} in R's global environment and returns the data frame it
     * yields, in binary, column by column (see {@link DataFrame} for the column types; factors
     * come as strings; row names are dropped). The way to get a value too large for
     * {@link ExecutionResult#value()}.
     *
     * @throws RExecutionException   evaluating the expression failed
     * @throws DataTransferException the value is not a data frame, has a column of another type
     *                               (a list, complex, raw), duplicate or empty column names, or is
     *                               over {@link SessionSettings#maxTransferBytes}
     */
    public DataFrame getDataFrame(String rExpression) {
        Objects.requireNonNull(rExpression, "rExpression");
        return locked(() -> operations.getDataFrame(resources.children.live(), resources.children.takeLostState(),
                rExpression));
    }

    /** The files of R's working directory: put a user's upload in, take produced files out. */
    public SessionFiles files() {
        return files;
    }

    /**
     * Takes a snapshot of R's global environment (each object serialized by R inside the child)
     * and, with {@link SessionSettings#snapshotFiles} (the default), the working directory's
     * files; streamed, within {@link SessionSettings#maxTransferBytes}. Objects that cannot be
     * restored (those holding connections or external pointers) are left out and named in
     * {@link SessionSnapshot#skipped()}; the tools' own functions are never included.
     *
     * @throws SnapshotException the workspace is over the limit or could not be serialized
     */
    public SessionSnapshot snapshot() {
        return snapshot(config.maxTransferBytes());
    }

    /**
     * {@link #snapshot()} within {@code maxBytes} (at most {@link SessionSettings#maxTransferBytes}):
     * a workspace larger than that fails fast with {@link SnapshotException} and keeps its state,
     * e.g. to save small workspaces after every call and large ones only now and then.
     */
    public SessionSnapshot snapshot(long maxBytes) {
        if (maxBytes < 1) {
            throw new IllegalArgumentException("maxBytes must be positive, got " + maxBytes);
        }
        long cap = Math.min(maxBytes, config.maxTransferBytes());
        return locked(() -> operations.snapshot(resources.children.live(), resources.children.takeLostState(), cap));
    }

    /**
     * Replaces the objects of R's global environment with those of {@code snapshot} (and writes
     * its files into the working directory). R deserializes them inside the child; the host never
     * does.
     *
     * @throws SnapshotException some entries could not be restored (the others were; the message
     *                           names them) or the snapshot is over the limit
     */
    public void restore(SessionSnapshot snapshot) {
        Objects.requireNonNull(snapshot, "snapshot");
        locked(() -> {
            operations.restore(resources.children.live(), resources.children.takeLostState(), snapshot);
            return null;
        });
    }

    /** For {@link SessionFiles}: runs a file operation under the session lock. */
    <T> T withFiles(FileOperation<T> op) {
        return locked(() -> op.run(operations, resources.children.live(), resources.children.takeLostState()));
    }

    /** A file operation of {@link SessionOperations}. */
    interface FileOperation<T> {
        T run(SessionOperations ops, io.securer.engine.ChildLink child, boolean restarted);
    }

    /** Replaces the child with a fresh one: all R state is lost, tools stay. */
    public void restart() {
        locked(() -> {
            resources.children.restart();
            return null;
        });
    }

    /** True when the session is open and its child process is running. */
    public boolean isAlive() {
        Child c = resources.children.current();
        return !closed.get() && c != null && c.isAlive();
    }

    /** The tools R code in this session may call, in declaration order. */
    public List<SecurerTool> tools() {
        return dispatcher.tools();
    }

    /** The settings this session was built with. */
    public SessionConfig config() {
        return config;
    }

    /** The isolation the current child really runs under ({@code NONE} after a non-strict fallback). */
    public SandboxMode sandboxMode() {
        Child c = resources.children.current();
        return c == null ? SandboxMode.NONE : SandboxMode.of(c.isolation());
    }

    /**
     * What enforces the memory limit on this host: {@link MemoryLimitMode#CGROUP} (the whole
     * sandbox's resident memory), {@link MemoryLimitMode#RLIMIT} (address space per process; a WARN
     * was logged at start) or {@link MemoryLimitMode#NONE}.
     */
    public MemoryLimitMode memoryLimitMode() {
        return resources.children.memoryLimitMode();
    }

    /** A short random id that names this session in logs, events and the audit log. */
    public String id() {
        return id;
    }

    /** Ends the child process tree and removes its files. Idempotent; safe from any thread. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        resources.bus.emit(new SessionEvent.SessionClosed(id, java.time.Instant.now(), driver.executions()));
        cleanable.clean();
    }

    @Override
    public String toString() {
        Child c = resources.children.current();
        String state = closed.get() ? "closed" : (c != null && c.isAlive() ? "running pid=" + c.pid() : "dead");
        String mode = c == null ? "none" : c.isolation().label();
        if (c != null && c.fallbackReason() != null) {
            mode = "none(fallback)";
        }
        // The memory limit is named only when it is the weaker, per-process kind.
        String memory = c != null && c.memory().enforcement() == io.securer.engine.sandbox.MemoryEnforcement.RLIMIT
                ? " memory=rlimit" : "";
        return "SecureSession[" + state + " sandbox=" + mode + memory + " tools=" + dispatcher.tools().size() + "]";
    }

    // ---------------------------------------------------------------------------------------

    private interface Locked<T> {
        T run();
    }

    private <T> T locked(Locked<T> body) {
        ensureOpen();
        try {
            lock.lockInterruptibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SecurerException("interrupted while waiting for the session", e);
        }
        try {
            ensureOpen();
            return body.run();
        } finally {
            lock.unlock();
        }
    }

    private ExecutionRejectedException reject(String why) {
        resources.bus.emit(new SessionEvent.ExecutionRejected(id, java.time.Instant.now(), why));
        return new ExecutionRejectedException(why);
    }

    private void ensureOpen() {
        if (closed.get()) {
            throw new SessionClosedException("session " + id + " is closed");
        }
    }

    /**
     * Builder for {@link SecureSession} (and the template for pools and per-chat sessions). Not
     * thread-safe; {@link #build()} may be called many times, each call starting a new session.
     */
    public static final class Builder extends SessionSettings<Builder> {
        private Builder() {
        }

        @Override
        Builder self() {
            return this;
        }

        /** An independent copy of this builder (tools, settings); changing one leaves the other alone. */
        public Builder copy() {
            return config().toBuilder();
        }

        /** Starts a session. */
        public SecureSession build() {
            return new SecureSession(config());
        }
    }
}
