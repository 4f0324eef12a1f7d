package io.securer.engine.sandbox;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * The exact way to start one child R process, as decided by {@link SandboxPlanner}.
 *
 * <p>Immutable and thread-safe; collections are defensive copies. The caller starts the process,
 * owns it and the plan's {@link #control()}, and must clear the inherited environment and put
 * exactly {@link #environment()}.
 *
 * <p>Two things the caller must do for a {@link Isolation#BUBBLEWRAP} plan with a
 * {@link #childUid()}: chown the session directory <em>and</em> the socket file to that uid (the
 * directory is 0700, and connecting to a Unix socket needs write permission on the socket file,
 * even on the read-only bind mount), and make sure every ancestor of the session directory is
 * searchable by others (e.g. under {@code /tmp}, not {@code /root}). And for any plan that uses
 * bubblewrap, start the process from a long-lived thread: {@code --die-with-parent} is
 * {@code PR_SET_PDEATHSIG}, which fires when the <em>thread</em> that started the process exits,
 * not only when the JVM does (measured: a plan started from a thread that then ends is killed at
 * once with exit status 137).
 *
 * @param command           full argv, ending with the R command line
 * @param environment       the complete environment for the process (nothing else may be added)
 * @param mode              the sandbox actually applied
 * @param sessionDirInChild where the child sees the session directory
 * @param childUid          the host uid the child runs as when privileges are dropped (the caller
 *                          must chown the session directory, socket and script to it); empty otherwise
 * @param fallbackReason    why a requested sandbox was not applied; null when it was, or was not requested
 * @param files             files the caller must write into the session directory before starting
 *                          the command (it reads them); empty for most plans
 * @param control           how to check the socket peer, interrupt R and clean up after the child
 *                          ({@link ProcessTreeControl} unless the child runs in a container); the
 *                          caller that starts the command owns it and must close it
 * @param memory            how memory is limited; with a {@link MemoryPlan#cgroup() cgroup} the caller
 *                          must create it ({@link MemoryCgroup#create}) before starting the command
 *                          (whose first act is to move into it; it exits with status 125 if it
 *                          cannot) and remove it after the processes have exited
 */
public record LaunchPlan(List<String> command, Map<String, String> environment, Isolation mode,
                         Path sessionDirInChild, OptionalInt childUid, String fallbackReason,
                         List<LaunchFile> files, ChildControl control, MemoryPlan memory) {

    public LaunchPlan {
        command = List.copyOf(Objects.requireNonNull(command, "command"));
        if (command.isEmpty()) {
            throw new IllegalArgumentException("command must not be empty");
        }
        environment = Map.copyOf(Objects.requireNonNull(environment, "environment"));
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(sessionDirInChild, "sessionDirInChild");
        Objects.requireNonNull(childUid, "childUid");
        if (fallbackReason != null && mode != Isolation.NONE) {
            throw new IllegalArgumentException("fallbackReason is only meaningful when mode is NONE, got " + mode);
        }
        files = List.copyOf(Objects.requireNonNull(files, "files"));
        Objects.requireNonNull(control, "control");
        Objects.requireNonNull(memory, "memory");
    }

    /** A plan that sets no memory limit of its own. */
    public LaunchPlan(List<String> command, Map<String, String> environment, Isolation mode,
                      Path sessionDirInChild, OptionalInt childUid, String fallbackReason,
                      List<LaunchFile> files, ChildControl control) {
        this(command, environment, mode, sessionDirInChild, childUid, fallbackReason, files, control, MemoryPlan.NONE);
    }

    /** A plan for a child that descends from the started process ({@link ProcessTreeControl}). */
    public LaunchPlan(List<String> command, Map<String, String> environment, Isolation mode,
                      Path sessionDirInChild, OptionalInt childUid, String fallbackReason,
                      List<LaunchFile> files) {
        this(command, environment, mode, sessionDirInChild, childUid, fallbackReason, files,
                ProcessTreeControl.INSTANCE);
    }

    /** A plan that needs no files written before it starts. */
    public LaunchPlan(List<String> command, Map<String, String> environment, Isolation mode,
                      Path sessionDirInChild, OptionalInt childUid, String fallbackReason) {
        this(command, environment, mode, sessionDirInChild, childUid, fallbackReason, List.of());
    }

    /** True when a sandbox was requested but the plan runs without one. */
    public boolean fellBack() {
        return fallbackReason != null;
    }
}
