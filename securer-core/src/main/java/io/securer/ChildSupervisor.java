package io.securer;

import io.securer.engine.Child;
import io.securer.engine.ChildSpec;
import io.securer.engine.HostMessage;
import io.securer.engine.sandbox.MemoryEnforcement;
import io.securer.engine.sandbox.MemoryPlan;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns a session's current child and replaces it: on request ({@code restart()}), after a
 * failure, or when it is found dead. A child found dead between executions is remembered until
 * the next execution reports it ({@link #takeLostState()}); one replaced during an execution is
 * reported by that execution's exception. Reports session and restart events. Called
 * under the session lock, except {@link #close()} and the read-only accessors.
 */
final class ChildSupervisor implements ExecutionHost, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ChildSupervisor.class);
    /** The reasons for running without a memory cgroup already logged at WARN in this JVM. */
    private static final java.util.Set<String> WARNED = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private final String sessionId;
    private final SessionConfig config;
    private final EventBus bus;
    private final BooleanSupplier closed;
    private final AtomicReference<Child> child = new AtomicReference<>();
    private boolean lostState;

    ChildSupervisor(String sessionId, SessionConfig config, EventBus bus, BooleanSupplier closed) {
        this.sessionId = sessionId;
        this.config = config;
        this.bus = bus;
        this.closed = closed;
    }

    /** Starts the first child and reports it. */
    void startFirst(List<String> toolNames) {
        long t0 = System.nanoTime();
        Child c = startChild();
        child.set(c);
        emit(new SessionEvent.SessionStarted(sessionId, Instant.now(), SandboxMode.of(c.isolation()), toolNames,
                c.pid(), Duration.ofNanos(System.nanoTime() - t0)));
        if (config.sandbox() && c.fallbackReason() != null) {
            emit(new SessionEvent.SandboxFallback(sessionId, Instant.now(), c.fallbackReason()));
        }
        MemoryPlan memory = c.memory();
        if (memory.enforcement() == MemoryEnforcement.RLIMIT) {
            // Once per reason and JVM at WARN: a chat application may start a session per chat.
            boolean first = WARNED.add(memory.whyNoCgroup());
            LOG.atLevel(first ? org.slf4j.event.Level.WARN : org.slf4j.event.Level.DEBUG).log("session {}: the memory limit of {} is enforced per process by RLIMIT_AS only, not for the "
                    + "whole sandbox (no memory cgroup: {}). R reserves far more address space than it uses, so large "
                    + "data or ggplot2 may fail to allocate well below that much memory, and every process R starts "
                    + "gets its own allowance; see docs/deployment.md, \"Memory limits\"", sessionId,
                    MemoryPlan.format(memory.limitBytes()), memory.whyNoCgroup());
        }
    }

    /** What enforces the current child's memory limit ({@code NONE} while no child runs). */
    MemoryLimitMode memoryLimitMode() {
        Child c = child.get();
        return c == null ? MemoryLimitMode.NONE : MemoryLimitMode.of(c.memory().enforcement());
    }

    /** The running child, starting a fresh one (and remembering the lost state) if it died. */
    Child live() {
        Child c = child.get();
        if (c == null || !c.isAlive()) {
            replace("the R process had died", true);
            c = child.get();
        }
        return c;
    }

    /** True (once) when the child was replaced without being asked since the last call. */
    boolean takeLostState() {
        boolean lost = lostState;
        lostState = false;
        return lost;
    }

    /** A restart the caller asked for: state is gone, but that is no news to them. */
    void restart() {
        replace("restart requested", false);
        lostState = false;
    }

    /** A replacement during an execution: its exception reports the loss, so nothing is remembered. */
    @Override
    public void replaceChild(String why) {
        replace(why, false);
    }

    private void replace(String why, boolean unrequested) {
        Child old = child.getAndSet(null);
        if (old != null) {
            try {
                old.close();
            } catch (RuntimeException e) {
                LOG.warn("session {}: closing the old child failed: {}", sessionId, e.toString());
            }
            if (unrequested) {
                // A child found dead between executions: say why when the host knows (its cgroup's OOM killer).
                why = old.exitCause().map(c -> "R " + c.what() + ": " + c.detail()).orElse(why);
            }
        }
        if (closed.getAsBoolean()) {
            throw new SessionClosedException("session " + sessionId + " is closed");
        }
        lostState |= unrequested;
        Child fresh = startChild();
        child.set(fresh);
        emit(new SessionEvent.SessionRestarted(sessionId, Instant.now(), Bounded.cut(why, SessionEvent.MAX_TEXT_CHARS),
                fresh.pid()));
    }

    private Child startChild() {
        try {
            return Child.start(new ChildSpec(sessionId, config.rExecutable(), config.sandbox(), config.sandboxStrict(),
                    config.limits().toProcessLimits(), config.maxMessageBytes(), RuntimeLimits.payloadCap(config),
                    config.startTimeout(), new ToolDispatcher(config.tools()).specs(),
                    new HostMessage.RuntimeOptions(false, RuntimeLimits.valueBudget(config),
                            config.maxPrint(), new HostMessage.PlotOptions(
                                    config.plotFormat() == PlotFormat.SVG ? "svg" : "png", config.plotWidth(),
                                    config.plotHeight(), config.plotResolution(), config.maxPlotBytes())), config.containerSpec()));
        } catch (RuntimeException e) {
            throw EngineErrors.translate(e);
        }
    }

    /** The current child, or null while none runs. */
    Child current() {
        return child.get();
    }

    @Override
    public String sessionId() {
        return sessionId;
    }

    @Override
    public void emit(SessionEvent event) {
        bus.emit(event);
    }

    @Override
    public boolean isClosed() {
        return closed.getAsBoolean();
    }

    @Override
    public void close() {
        Child c = child.getAndSet(null);
        if (c != null) {
            c.close();
        }
    }
}
