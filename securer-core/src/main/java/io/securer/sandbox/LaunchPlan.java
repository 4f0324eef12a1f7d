package io.securer.sandbox;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * The exact way to start one child R process, as decided by {@link SandboxPlanner}.
 *
 * <p>Immutable and thread-safe; collections are defensive copies. The plan owns nothing: the
 * caller starts the process, owns it, and must clear the inherited environment and put exactly
 * {@link #environment()}.
 *
 * @param command           full argv, ending with the R command line
 * @param environment       the complete environment for the process (nothing else may be added)
 * @param mode              the sandbox actually applied
 * @param sessionDirInChild where the child sees the session directory
 * @param childUid          the host uid the child runs as when privileges are dropped (the caller
 *                          must chown the session directory, socket and script to it); empty otherwise
 * @param fallbackReason    why a requested sandbox was not applied; null when it was, or was not requested
 */
public record LaunchPlan(List<String> command, Map<String, String> environment, SandboxMode mode,
                         Path sessionDirInChild, OptionalInt childUid, String fallbackReason) {

    public LaunchPlan {
        command = List.copyOf(Objects.requireNonNull(command, "command"));
        if (command.isEmpty()) {
            throw new IllegalArgumentException("command must not be empty");
        }
        environment = Map.copyOf(Objects.requireNonNull(environment, "environment"));
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(sessionDirInChild, "sessionDirInChild");
        Objects.requireNonNull(childUid, "childUid");
        if (fallbackReason != null && mode != SandboxMode.NONE) {
            throw new IllegalArgumentException("fallbackReason is only meaningful when mode is NONE, got " + mode);
        }
    }

    /** True when a sandbox was requested but the plan runs without one. */
    public boolean fellBack() {
        return fallbackReason != null;
    }
}
