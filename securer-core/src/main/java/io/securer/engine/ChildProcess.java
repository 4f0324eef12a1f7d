package io.securer.engine;

import io.securer.engine.sandbox.ChildControl;
import io.securer.engine.sandbox.LaunchPlan;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * The child's process tree (sandbox wrappers and R) and its merged stdout/stderr, read by an
 * {@link OutputPump} on a daemon thread. Knows how to interrupt R and how to kill the whole tree;
 * knows nothing about the protocol. Recognising R's socket peer, interrupting R, and removing
 * anything that lives outside the tree (a container) follow the plan's {@link ChildControl},
 * which this class owns from {@link #start} on. {@link #close()} kills the tree, closes the
 * control and waits; idempotent and thread-safe.
 */
public final class ChildProcess implements AutoCloseable {
    /** What the runtime prints (then exits 3) when R or a package it needs is missing. */
    static final String SETUP_ERROR_MARK = "SECURER-SETUP-ERROR: ";
    /** The runtime refused the session's configuration (e.g. a tool name that hides an R function). */
    static final String CONFIG_ERROR_MARK = "SECURER-CONFIG-ERROR: ";

    private final Process process;
    private final OutputPump pump;
    private final Thread pumpThread;
    private final ChildControl control;
    private final AtomicBoolean closed = new AtomicBoolean();

    private ChildProcess(Process process, OutputPump pump, Thread pumpThread, ChildControl control) {
        this.process = process;
        this.pump = pump;
        this.pumpThread = pumpThread;
        this.control = control;
    }

    /**
     * Starts {@code plan}'s command in {@code workDir} with exactly the plan's environment and
     * starts reading its output; end fences go to {@code onFence}, a failure of the reader to
     * {@code onFailure}.
     */
    public static ChildProcess start(String name, LaunchPlan plan, Path workDir, Consumer<String> onFence,
                                     Consumer<Throwable> onFailure) {
        ProcessBuilder pb = new ProcessBuilder(plan.command()).redirectErrorStream(true).directory(new File(workDir.toString()));
        Map<String, String> env = pb.environment();
        env.clear();
        env.putAll(plan.environment());
        Process p;
        plan.control().starting();
        try {
            p = ProcessLauncher.start(pb);
        } catch (IOException e) {
            throw closing(plan.control(), new ChildStartException(ChildStartException.Kind.SETUP, "cannot start R ("
                    + plan.command().get(0) + "): " + e.getMessage() + "; " + RDiscovery.INSTALL_HINT, e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw closing(plan.control(), new ChildStartException(ChildStartException.Kind.FAILED,
                    "interrupted while starting R", e));
        }
        OutputPump pump = new OutputPump(p.getInputStream(), onFence, onFailure);
        Thread t = Threads.daemon("securer-" + name + "-output", pump);
        t.start();
        return new ChildProcess(p, pump, t, plan.control());
    }

    /** Closes {@code control} after a failed start and returns {@code failure} to throw. */
    private static ChildStartException closing(ChildControl control, ChildStartException failure) {
        try {
            control.close();
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
        }
        return failure;
    }

    /**
     * Writes {@code line} and a newline to R's stdin (the token's only route in). stdin stays
     * open: it is the bulk channel for data the host sends later ({@link #stdin()}).
     */
    public void sendStdinLine(String line) throws IOException {
        OutputStream stdin = process.getOutputStream();
        stdin.write((line + "\n").getBytes(StandardCharsets.US_ASCII));
        stdin.flush();
    }

    /** R's stdin, the bulk channel: written by one transfer at a time. */
    public OutputStream stdin() {
        return process.getOutputStream();
    }

    public OutputPump output() {
        return pump;
    }

    public long pid() {
        return process.pid();
    }

    public ProcessHandle handle() {
        return process.toHandle();
    }

    public boolean isAlive() {
        return !closed.get() && process.isAlive();
    }

    /** Runs {@code action} when the process exits (at once if it already has). */
    public void onExit(Runnable action) {
        process.onExit().thenRun(action);
    }

    /** The exit status, or -1 while it runs. */
    public int exitStatus() {
        try {
            return process.exitValue();
        } catch (IllegalThreadStateException e) {
            return -1;
        }
    }

    /** True when {@code pid} is the child's (its R, inside any wrappers or a container). */
    public boolean owns(long pid) {
        return control.isChild(pid, process.toHandle());
    }

    /**
     * Sends SIGINT to R ({@code rPid} is its host pid; R turns it into an interrupt condition);
     * false if that pid is not ours any more or the signal could not be sent.
     */
    public boolean interrupt(long rPid) {
        return rPid > 0 && control.interrupt(rPid, process.toHandle());
    }

    /**
     * Why the child died during start-up, for an exception message: R's own setup error when the
     * runtime reported one (R or a package missing), else the exit status and the tail of R's output.
     */
    public ChildStartException startupFailure(String what, Exception cause) {
        try {
            process.waitFor(2, TimeUnit.SECONDS);
            pumpThread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        String tail = pump.tail();
        int config = tail.indexOf(CONFIG_ERROR_MARK);
        if (config >= 0) {
            return new ChildStartException(ChildStartException.Kind.CONFIG,
                    tail.substring(config + CONFIG_ERROR_MARK.length()).lines().findFirst().orElse(""));
        }
        int setup = tail.indexOf(SETUP_ERROR_MARK);
        if (setup >= 0) {
            String msg = tail.substring(setup + SETUP_ERROR_MARK.length()).lines().findFirst().orElse("");
            return new ChildStartException(ChildStartException.Kind.SETUP, msg + "; " + RDiscovery.INSTALL_HINT);
        }
        String status = process.isAlive() ? "" : " (exit status " + process.exitValue() + ")";
        return new ChildStartException(ChildStartException.Kind.FAILED,
                what + status + (tail.isEmpty() ? "" : "; R said:\n" + tail), cause);
    }

    /**
     * Closes the control (removes the container, if any), kills the whole tree (bwrap, its init, R,
     * anything R forked; or the container CLI), children first, and waits.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        RuntimeException failure = null;
        try {
            control.close();
        } catch (RuntimeException e) {
            failure = e;
        }
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.getOutputStream().close(); // a transfer blocked on a full pipe ends with an IOException
        } catch (IOException ignored) {
            // the pipe may already be broken; the process is being killed either way
        }
        try {
            boolean exited = process.waitFor(10, TimeUnit.SECONDS);
            pumpThread.join(2000);
            if (!exited) {
                ChildStartException stuck = new ChildStartException(ChildStartException.Kind.FAILED,
                        "child pid " + process.pid() + " did not exit after SIGKILL");
                if (failure != null) {
                    stuck.addSuppressed(failure);
                }
                failure = stuck;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (failure != null) {
            throw failure;
        }
    }
}
