package io.securer.engine;

import io.securer.engine.sandbox.ContainerSpec;
import io.securer.engine.sandbox.ProcessLimits;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Everything needed to start one child. Immutable.
 *
 * @param name            short id used in thread names and logs
 * @param rExecutable     the R launcher ("R" on PATH by default)
 * @param sandbox         confine the child in the OS sandbox
 * @param strict          fail rather than run unconfined when the sandbox cannot be had
 * @param limits          per-process resource limits
 * @param maxMessageBytes largest message line accepted from the child
 * @param maxPayloadBytes largest data (image, chunk) following one message
 * @param startTimeout    how long the child may take to start and finish its handshake
 * @param tools           the R functions to install
 * @param runtime         settings the runtime gets in its init message
 * @param container       run the child in this container instead of the OS sandbox; null for none
 */
public record ChildSpec(String name, String rExecutable, boolean sandbox, boolean strict, ProcessLimits limits,
                        int maxMessageBytes, int maxPayloadBytes, Duration startTimeout, List<HostMessage.ToolSpec> tools,
                        HostMessage.RuntimeOptions runtime, ContainerSpec container) {
    public ChildSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(rExecutable, "rExecutable");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(startTimeout, "startTimeout");
        tools = List.copyOf(tools);
        Objects.requireNonNull(runtime, "runtime");
    }

    /** A child in the OS sandbox (or none), not in a container. */
    public ChildSpec(String name, String rExecutable, boolean sandbox, boolean strict, ProcessLimits limits,
                     int maxMessageBytes, int maxPayloadBytes, Duration startTimeout, List<HostMessage.ToolSpec> tools,
                     HostMessage.RuntimeOptions runtime) {
        this(name, rExecutable, sandbox, strict, limits, maxMessageBytes, maxPayloadBytes, startTimeout, tools, runtime,
                null);
    }
}
