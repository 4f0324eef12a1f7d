package io.securer.engine.sandbox;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;

/**
 * The control for a child that runs in a container ({@link Isolation#CONTAINER}).
 *
 * <p><b>Peer check.</b> The descendant check of {@link ProcessTreeControl} cannot work here: R's
 * parent is the container's init, whose parent is the engine's monitor (conmon for podman,
 * containerd-shim for docker), a child of host PID 1, not of the CLI client we started. Instead,
 * a peer belongs to the child when its {@code /proc/<pid>/cgroup} places it in the cgroup of
 * <em>our</em> container: the container id, read from the {@code --cidfile} the CLI writes when
 * it creates the container, must be a whole path component ({@code libpod-<id>}, {@code docker-<id>},
 * optionally with {@code .scope}, or the bare id) of one of the lines. This is as strong as the
 * descendant check: every process in that cgroup was started inside our container (or by root
 * with {@code exec}), and a process elsewhere cannot move itself there, since the container has
 * no capabilities and its cgroup file system is read-only. It also costs no extra process (unlike
 * asking {@code podman inspect} for the container's pid), and works the same with podman and
 * docker, cgroup v1 and v2. The engine's monitor itself ({@code libpod-conmon-<id>.scope}) does
 * not match.
 *
 * <p><b>Interrupt.</b> {@code <cli> kill --signal INT <name>}: addressed by name, so there is no
 * race with a reused pid; the container's init ({@code --init}) passes SIGINT on to R.
 *
 * <p><b>Close.</b> {@code <cli> rm -f [-t 0] <name>} kills and removes the container at once, then
 * the name is dropped from the {@link ContainerReaper}'s list for the shutdown hook.
 *
 * <p>Thread-safe; {@link #close()} is idempotent.
 */
final class ContainerControl implements ChildControl {

    private static final Pattern ID = Pattern.compile("[0-9a-f]{64}");

    private final ContainerClient client;
    private final String name;
    private final Path cidFile;
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile String id;

    ContainerControl(ContainerClient client, String name, Path cidFile) {
        this.client = Objects.requireNonNull(client, "client");
        this.name = Objects.requireNonNull(name, "name");
        this.cidFile = Objects.requireNonNull(cidFile, "cidFile");
    }

    /** The container's name ({@code --name}). */
    String name() {
        return name;
    }

    @Override
    public void starting() {
        if (started.compareAndSet(false, true)) {
            ContainerReaper.register(name, client);
        }
    }

    @Override
    public boolean isChild(long pid, ProcessHandle launched) {
        if (pid <= 0) {
            return false; // a peer in a PID namespace we cannot see reports 0
        }
        String containerId = containerId();
        if (containerId == null) {
            return false;
        }
        try {
            return inContainerCgroup(Files.readAllLines(Path.of("/proc", Long.toString(pid), "cgroup"),
                    StandardCharsets.UTF_8), containerId);
        } catch (IOException e) {
            return false; // the peer is gone already
        }
    }

    /**
     * True when one of the {@code /proc/<pid>/cgroup} lines ({@code hierarchy:controllers:path})
     * has a path component naming container {@code id}.
     */
    static boolean inContainerCgroup(List<String> cgroupLines, String id) {
        if (!ID.matcher(id).matches()) {
            return false;
        }
        for (String line : cgroupLines) {
            int colon = line.indexOf(':', line.indexOf(':') + 1);
            if (colon < 0) {
                continue;
            }
            for (String component : line.substring(colon + 1).split("/")) {
                String c = component.endsWith(".scope") ? component.substring(0, component.length() - 6) : component;
                if (c.equals(id) || c.equals("libpod-" + id) || c.equals("docker-" + id)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The id from the cidfile, read once; null while the CLI has not written it. */
    private String containerId() {
        String known = id;
        if (known != null) {
            return known;
        }
        try {
            String read = Files.readString(cidFile, StandardCharsets.US_ASCII).strip();
            if (ID.matcher(read).matches()) {
                id = read;
                return read;
            }
        } catch (IOException e) {
            // not written (yet): no peer can be ours
        }
        return null;
    }

    @Override
    public boolean interrupt(long rPid, ProcessHandle launched) {
        return !closed.get() && started.get() && client.kill(name, "INT");
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true) || !started.get()) {
            return;
        }
        client.remove(List.of(name)); // throws while it stays registered for the shutdown hook
        ContainerReaper.unregister(name);
    }

    @Override
    public String toString() {
        return "ContainerControl[" + name + "]";
    }
}
