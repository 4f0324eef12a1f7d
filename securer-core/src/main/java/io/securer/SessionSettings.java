package io.securer;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * The session settings every builder that makes sessions offers: {@link SecureSession.Builder}
 * and {@link SecureSessionPool.Builder} share them through this class, so a pool accepts exactly
 * the settings a session does. Not thread-safe. Freeze the settings with {@link #config()}.
 *
 * @param <B> the concrete builder, returned by every setter
 */
public abstract sealed class SessionSettings<B extends SessionSettings<B>>
        permits SecureSession.Builder, SecureSessionPool.Builder {
    private Settings s = new Settings();
    private boolean changed;

    SessionSettings() {
    }

    abstract B self();

    /** The settings so far, frozen. */
    public SessionConfig config() {
        return new SessionConfig(s);
    }

    /** Replaces every session setting with {@code config}'s. */
    void load(SessionConfig config) {
        s = config.settings();
        changed = true;
    }

    /** Whether any session setting was made on this builder. */
    boolean changed() {
        return changed;
    }

    private B set(Runnable change) {
        change.run();
        changed = true;
        return self();
    }

    /** Adds a tool; names must be unique. */
    public B tool(SecurerTool tool) {
        Objects.requireNonNull(tool, "tool");
        if (s.tools.containsKey(tool.name())) {
            throw new IllegalArgumentException("duplicate tool name '" + tool.name() + "'");
        }
        return set(() -> s.tools.put(tool.name(), tool));
    }

    /** Adds tools in order; names must be unique. */
    public B tools(List<SecurerTool> tools) {
        Objects.requireNonNull(tools, "tools").forEach(this::tool);
        return self();
    }

    /** The tools added so far, in order. */
    public List<SecurerTool> tools() {
        return List.copyOf(s.tools.values());
    }

    /** Receives every event of the sessions built here (after the audit log, if any). */
    public B listener(SessionListener listener) {
        Objects.requireNonNull(listener, "listener");
        return set(() -> s.listeners.add(listener));
    }

    /**
     * Run the child in the OS sandbox (bubblewrap on Linux, Seatbelt on macOS): {@code true} is
     * {@code sandbox(Sandbox.os())}, {@code false} runs it without one. Default false, as in the R
     * package.
     */
    public B sandbox(boolean sandbox) {
        return set(() -> s.sandbox = sandbox ? Sandbox.os() : null);
    }

    /**
     * Run the child in this sandbox: {@link Sandbox#os()}, or one container per child with
     * {@link Sandbox#container(ContainerImage)}. Replaces any earlier {@code sandbox(...)} choice.
     */
    public B sandbox(Sandbox sandbox) {
        Objects.requireNonNull(sandbox, "sandbox (use sandbox(false) for none)");
        return set(() -> s.sandbox = sandbox);
    }

    /**
     * With the OS sandbox requested: fail with {@link SandboxUnavailableException} rather than fall
     * back to none. A container sandbox never falls back, whatever this says.
     */
    public B sandboxStrict(boolean strict) {
        return set(() -> s.sandboxStrict = strict);
    }

    /** Resource limits; default: {@link ResourceLimits#defaults()} with a sandbox, none without. */
    public B limits(ResourceLimits limits) {
        Objects.requireNonNull(limits, "limits (use ResourceLimits.none())");
        return set(() -> s.limits = limits);
    }

    /** Log lifecycle and tool calls at INFO instead of DEBUG. */
    public B verbose(boolean verbose) {
        return set(() -> s.verbose = verbose);
    }

    /** Append audit events as JSON Lines to this file (created 0600); null for none. */
    public B auditLog(Path path) {
        return set(() -> s.auditLog = path);
    }

    /** Refuse executions after this many; null for unlimited. */
    public B maxExecutions(Integer max) {
        if (max != null && max <= 0) {
            throw new IllegalArgumentException("maxExecutions must be positive, got " + max);
        }
        return set(() -> s.maxExecutions = max);
    }

    /** Called with each code string before it is sent; false rejects it. Null for none. */
    public B preExecuteHook(Predicate<String> hook) {
        return set(() -> s.preExecuteHook = hook);
    }

    /** Mask host paths, addresses and pids in R error messages reported to the caller. */
    public B sanitizeErrors(boolean sanitize) {
        return set(() -> s.sanitizeErrors = sanitize);
    }

    /**
     * The R launcher to use (default "R" on PATH). With a container sandbox it is looked up inside
     * the container: a name on the container's PATH ({@code /usr/local/bin:/usr/bin:/bin}) or an
     * absolute path in the image.
     */
    public B rExecutable(String launcher) {
        Objects.requireNonNull(launcher, "launcher");
        return set(() -> s.rExecutable = launcher);
    }

    /** How long a child may take to start and connect (default 30 s). */
    public B startTimeout(Duration d) {
        Duration v = Durations.positive("startTimeout", d);
        return set(() -> s.startTimeout = v);
    }

    /** How long R gets to answer an interrupt before it is killed (default 2 s). */
    public B interruptGrace(Duration d) {
        Duration v = Durations.positive("interruptGrace", d);
        return set(() -> s.interruptGrace = v);
    }

    /** Largest message accepted from the child (default 1 MiB, at least 1024). */
    public B maxMessageBytes(int bytes) {
        if (bytes < 1024) {
            throw new IllegalArgumentException("maxMessageBytes must be at least 1024, got " + bytes);
        }
        return set(() -> s.maxMessageBytes = bytes);
    }

    /**
     * Largest value returned as JSON (default 900 000 bytes; at most maxMessageBytes minus 64 KiB).
     * A larger value is not encoded: {@link ExecutionResult#valueOmitted()} says so.
     */
    public B maxValueBytes(int bytes) {
        if (bytes < 1) {
            throw new IllegalArgumentException("maxValueBytes must be positive, got " + bytes);
        }
        return set(() -> s.maxValueBytes = bytes);
    }

    /**
     * At most this many entries of the last value are printed (R's {@code max.print}, applied
     * before printing; default 5000): a huge value prints what will be shown, not all of it.
     */
    public B maxPrint(int entries) {
        if (entries < 1) {
            throw new IllegalArgumentException("maxPrint must be positive, got " + entries);
        }
        return set(() -> s.maxPrint = entries);
    }

    /** Size of the images plots are returned as, in pixels (default 800 x 600). */
    public B plotSize(int width, int height) {
        if (width < 16 || height < 16 || width > 10_000 || height > 10_000) {
            throw new IllegalArgumentException("plot size must be between 16 and 10000 pixels, got " + width + "x" + height);
        }
        return set(() -> {
            s.plotWidth = width;
            s.plotHeight = height;
        });
    }

    /** Resolution of PNG plots in dots per inch (default 96): text and symbols scale with it. */
    public B plotResolution(int dpi) {
        if (dpi < 36 || dpi > 600) {
            throw new IllegalArgumentException("plot resolution must be between 36 and 600 dpi, got " + dpi);
        }
        return set(() -> s.plotDpi = dpi);
    }

    /** The format plots are returned in (default PNG). */
    public B plotFormat(PlotFormat format) {
        Objects.requireNonNull(format, "format");
        return set(() -> s.plotFormat = format);
    }

    /** Image bytes one execution may return (default 16 MiB); plots past it are dropped with a note. */
    public B maxPlotBytes(long bytes) {
        if (bytes < 1024) {
            throw new IllegalArgumentException("maxPlotBytes must be at least 1024, got " + bytes);
        }
        return set(() -> s.maxPlotBytes = bytes);
    }

    /**
     * Largest data frame, file or snapshot one call moves between host and R, in either
     * direction (default 1 GiB). What the child sends is refused past it before anything is
     * allocated; a frame or file the host sends past it is refused before it is sent.
     */
    public B maxTransferBytes(long bytes) {
        if (bytes < 1024) {
            throw new IllegalArgumentException("maxTransferBytes must be at least 1024, got " + bytes);
        }
        return set(() -> s.maxTransferBytes = bytes);
    }

    /**
     * Whether {@link SecureSession#snapshot()} also keeps the files of R's working directory
     * (default true); the objects of the global environment are always kept.
     */
    public B snapshotFiles(boolean include) {
        return set(() -> s.snapshotFiles = include);
    }
}
