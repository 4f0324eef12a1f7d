package io.securer;

import io.securer.engine.sandbox.ContainerSpec;
import io.securer.engine.sandbox.SandboxPlanner;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

/**
 * Every setting of a session, frozen: what {@link SecureSession.Builder} and
 * {@link SecureSessionPool.Builder} collect and what the LangChain4j adapter uses as a template.
 * One configuration shared by sessions, pools and adapters, so no setting can be dropped on the
 * way. Immutable and thread-safe; get one from {@link SessionSettings#config()}, change a copy with
 * {@link #toBuilder()}.
 */
public final class SessionConfig {
    private final Settings s;

    SessionConfig(Settings settings) {
        this.s = settings.copy();
    }

    /** A session builder holding these settings (a copy: the configuration stays as it is). */
    public SecureSession.Builder toBuilder() {
        SecureSession.Builder b = SecureSession.builder();
        b.load(this);
        return b;
    }

    Settings settings() {
        return s.copy();
    }

    /** The tools R code may call, in declaration order. */
    public List<SecurerTool> tools() {
        return List.copyOf(s.tools.values());
    }

    /** The listeners every event goes to, in order. */
    public List<SessionListener> listeners() {
        return List.copyOf(s.listeners);
    }

    /** True when a sandbox (the OS's or a container) was requested. */
    public boolean sandbox() {
        return s.sandbox != null;
    }

    /** The sandbox requested, or empty for none. */
    public java.util.Optional<Sandbox> sandboxBackend() {
        return java.util.Optional.ofNullable(s.sandbox);
    }

    /**
     * The isolation sessions with this configuration get on this machine: {@link SandboxMode#NONE}
     * without a sandbox, or when it cannot be had (a strict or container session then refuses to
     * start). May run the bubblewrap probe once per JVM (at most a few seconds); for a container,
     * only looks for the CLI.
     */
    public SandboxMode expectedSandboxMode() {
        ContainerSpec container = containerSpec();
        return SandboxMode.of(container != null ? SandboxPlanner.expected(container)
                : SandboxPlanner.expected(s.sandbox != null));
    }

    /** The engine's description of the container sandbox, or null when none was requested. */
    ContainerSpec containerSpec() {
        return s.sandbox instanceof Sandbox.Container c ? c.toSpec(s.rExecutable) : null;
    }

    public boolean sandboxStrict() {
        return s.sandboxStrict;
    }

    /** The limits a session applies: the ones set, else the defaults with a sandbox and none without. */
    public ResourceLimits limits() {
        return s.effectiveLimits();
    }

    public boolean verbose() {
        return s.verbose;
    }

    /** The audit log file, or null for none. */
    public Path auditLog() {
        return s.auditLog;
    }

    /** The most executions a session runs, or null for no limit. */
    public Integer maxExecutions() {
        return s.maxExecutions;
    }

    /** The hook that may veto code, or null. */
    public Predicate<String> preExecuteHook() {
        return s.preExecuteHook;
    }

    public boolean sanitizeErrors() {
        return s.sanitizeErrors;
    }

    public String rExecutable() {
        return s.rExecutable;
    }

    public Duration startTimeout() {
        return s.startTimeout;
    }

    public Duration interruptGrace() {
        return s.interruptGrace;
    }

    public int maxMessageBytes() {
        return s.maxMessageBytes;
    }

    public int maxValueBytes() {
        return s.maxValueBytes;
    }

    public int maxPrint() {
        return s.maxPrint;
    }

    public int plotWidth() {
        return s.plotWidth;
    }

    public int plotHeight() {
        return s.plotHeight;
    }

    public int plotResolution() {
        return s.plotDpi;
    }

    public PlotFormat plotFormat() {
        return s.plotFormat;
    }

    public long maxPlotBytes() {
        return s.maxPlotBytes;
    }

    public long maxTransferBytes() {
        return s.maxTransferBytes;
    }

    public boolean snapshotFiles() {
        return s.snapshotFiles;
    }

    @Override
    public String toString() {
        String sandbox = s.sandbox == null ? "false" : s.sandbox instanceof Sandbox.Os ? "true" : s.sandbox.toString();
        return "SessionConfig[sandbox=" + sandbox + (s.sandboxStrict ? " strict" : "") + ", limits=" + limits()
                + ", tools=" + s.tools.keySet() + "]";
    }
}
