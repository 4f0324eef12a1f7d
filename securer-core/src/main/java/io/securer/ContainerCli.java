package io.securer;

/**
 * The container command-line tool that starts a {@link Sandbox.Container}'s containers. Both get
 * the same isolation; where their options differ, securer passes each its own (see
 * docs/deployment.md, "Container backend"). Immutable and thread-safe.
 */
public enum ContainerCli {
    /** {@code podman} (default): daemonless; also runs a root directory instead of an image. */
    PODMAN("podman"),
    /** {@code docker}: needs a running daemon and an image; the daemon must run on this machine. */
    DOCKER("docker");

    private final String command;

    ContainerCli(String command) {
        this.command = command;
    }

    /** The program's name, looked up in {@code /usr/bin} and then on {@code PATH}. */
    public String command() {
        return command;
    }
}
