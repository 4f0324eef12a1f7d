package io.securer.engine.sandbox;


import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * Everything {@link SandboxPlanner} needs to decide how to launch one child R process.
 *
 * <p>Immutable and thread-safe; {@code hostEnv} is a defensive copy. The request only describes
 * the launch: it owns no process or file.
 *
 * @param sandbox    the user asked for an OS sandbox
 * @param strict     when the sandbox cannot be had: {@code true} fails with
 *                   {@link SandboxRefusedException}, {@code false} logs a warning
 *                   and runs without it
 * @param limits     resource limits to apply, never null ({@link ProcessLimits#NONE} for none)
 * @param sessionDir absolute host directory (mode 0700) holding {@code ipc.sock} and {@code runtime.R}
 * @param r          the R installation to run
 * @param hostEnv    the host's environment (usually {@code System.getenv()}); only an allowlist
 *                   of it ever reaches the child
 * @param os         the operating system to plan for
 * @param container  run the child in a container like this instead of the OS sandbox; null for
 *                   the OS sandbox (or none). Requires {@code sandbox}; {@code r} may then be null,
 *                   since R is the one in the container
 * @param name       names the child in host-side resources (its memory cgroup): letters, digits,
 *                   {@code -} and {@code _}, at most 64 characters
 */
public record LaunchRequest(boolean sandbox, boolean strict, ProcessLimits limits, Path sessionDir,
                            RInstallation r, Map<String, String> hostEnv, OperatingSystem os,
                            ContainerSpec container, String name) {

    public LaunchRequest {
        Objects.requireNonNull(limits, "limits (use ProcessLimits.NONE)");
        Objects.requireNonNull(sessionDir, "sessionDir");
        if (!sessionDir.isAbsolute()) {
            throw new IllegalArgumentException("sessionDir must be an absolute path, got " + sessionDir);
        }
        if (container != null && !sandbox) {
            throw new IllegalArgumentException("a container is a sandbox: sandbox must be true with a container");
        }
        if (container == null) {
            Objects.requireNonNull(r, "r");
        }
        hostEnv = Map.copyOf(Objects.requireNonNull(hostEnv, "hostEnv"));
        Objects.requireNonNull(os, "os");
        Objects.requireNonNull(name, "name");
        if (!name.matches("[A-Za-z0-9_-]{1,64}")) {
            throw new IllegalArgumentException("name must be 1-64 letters, digits, '-' or '_', got '" + name + "'");
        }
    }

    /** A request for a child named {@code child}. */
    public LaunchRequest(boolean sandbox, boolean strict, ProcessLimits limits, Path sessionDir,
                         RInstallation r, Map<String, String> hostEnv, OperatingSystem os, ContainerSpec container) {
        this(sandbox, strict, limits, sessionDir, r, hostEnv, os, container, "child");
    }

    /** A request for the OS sandbox (or none): no container. */
    public LaunchRequest(boolean sandbox, boolean strict, ProcessLimits limits, Path sessionDir,
                         RInstallation r, Map<String, String> hostEnv, OperatingSystem os) {
        this(sandbox, strict, limits, sessionDir, r, hostEnv, os, null);
    }

    /** Names only the number of host variables: their values may be secrets and must not reach logs. */
    @Override
    public String toString() {
        return "LaunchRequest[sandbox=" + sandbox + ", strict=" + strict + ", limits=" + limits
                + ", sessionDir=" + sessionDir + ", r=" + r + ", hostEnv=<" + hostEnv.size() + " variables>, os=" + os
                + (container == null ? "" : ", container=" + container) + ", name=" + name + "]";
    }
}
