package io.securer.engine.sandbox;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Runs the container CLI's short commands: {@code kill}, {@code rm}, {@code ps}. The podman dialect
 * adds {@code --events-backend=none} to every call (podman 4 has no size cap on its events file,
 * and every container would add about 1.3 KB to it).
 *
 * <p>Immutable and thread-safe. Every command runs with the given allowlisted environment, stdin
 * from {@code /dev/null}, and a timeout after which it is killed.
 *
 * @param engine     the CLI dialect
 * @param executable the CLI program
 * @param env        the complete environment of each CLI process
 */
record ContainerClient(ContainerSpec.Engine engine, Path executable, Map<String, String> env) {

    static final Duration TIMEOUT = Duration.ofSeconds(30);
    /** An interrupt is part of a timeout's grace period: it must not wait long for a hung CLI. */
    static final Duration KILL_TIMEOUT = Duration.ofSeconds(5);
    private static final int MAX_OUTPUT = 64 * 1024;
    static final int REMOVE_ATTEMPTS = 3;

    ContainerClient {
        Objects.requireNonNull(engine, "engine");
        Objects.requireNonNull(executable, "executable");
        env = Map.copyOf(env);
    }

    /** The CLI and its global options, to which a subcommand is appended. */
    List<String> prefix() {
        List<String> args = new ArrayList<>();
        args.add(executable.toString());
        if (engine == ContainerSpec.Engine.PODMAN) {
            args.add("--events-backend=none");
        }
        return args;
    }

    /** Sends {@code signal} (e.g. {@code INT}) to the container's init, which passes it on to R. */
    boolean kill(String name, String signal) {
        return run(List.of("kill", "--signal", signal, name), KILL_TIMEOUT).exit() == 0;
    }

    /**
     * Kills and removes the named containers at once ({@code rm -f}, with podman {@code -t 0}: no
     * grace period). Names that no longer exist are not an error: a {@code --rm} container whose R
     * has just exited may be removing itself at the same moment (podman then fails with "container
     * not running"), so after a failure the names that still exist are looked up and tried again.
     *
     * @throws IllegalStateException when a container is still there after {@value #REMOVE_ATTEMPTS} attempts
     */
    void remove(Collection<String> names) {
        List<String> left = new ArrayList<>(names);
        Result r = null;
        for (int attempt = 0; attempt < REMOVE_ATTEMPTS && !left.isEmpty(); attempt++) {
            r = rm(left);
            if (r.exit() == 0) {
                return;
            }
            left.retainAll(namesWithLabel(ContainerReaper.OWNER_LABEL));
        }
        if (!left.isEmpty()) {
            throw new IllegalStateException(executable.getFileName() + " rm -f " + String.join(" ", left)
                    + " failed (exit " + r.exit() + "): " + r.output().strip());
        }
    }

    private Result rm(Collection<String> names) {
        List<String> args = new ArrayList<>(List.of("rm", "-f"));
        if (engine == ContainerSpec.Engine.PODMAN) {
            args.addAll(List.of("-t", "0", "--ignore"));
        }
        args.addAll(names);
        return run(args);
    }

    /**
     * The names of all containers, running or not, that carry the label key {@code labelKey}.
     *
     * @throws IllegalStateException when the CLI failed
     */
    List<String> namesWithLabel(String labelKey) {
        Result r = run(List.of("ps", "-a", "--filter", "label=" + labelKey, "--format", "{{.Names}}"));
        if (r.exit() != 0) {
            throw new IllegalStateException(executable.getFileName() + " ps failed (exit " + r.exit() + "): "
                    + r.output().strip());
        }
        return r.output().lines().map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    /** Exit status ({@code -1} on timeout or failure to start) and merged output. */
    record Result(int exit, String output) {
    }

    Result run(List<String> subcommand) {
        return run(subcommand, TIMEOUT);
    }

    /** Runs {@code <cli> <global options> subcommand}, killing it after {@code timeout}. */
    Result run(List<String> subcommand, Duration timeout) {
        List<String> command = prefix();
        command.addAll(subcommand);
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.environment().clear();
        pb.environment().putAll(env);
        Process p = null;
        try {
            p = pb.start();
            // Drained on its own thread so that a CLI that hangs with its output open still times out.
            java.util.concurrent.CompletableFuture<String> out = new java.util.concurrent.CompletableFuture<>();
            InputStream in = p.getInputStream();
            Thread drain = new Thread(() -> {
                try (in) {
                    byte[] b = in.readNBytes(MAX_OUTPUT);
                    in.transferTo(OutputStream.nullOutputStream());
                    out.complete(new String(b, StandardCharsets.UTF_8));
                } catch (IOException e) {
                    out.complete("(output unreadable: " + e.getMessage() + ")");
                }
            }, "securer-container-cli");
            drain.setDaemon(true);
            drain.start();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                return new Result(-1, String.join(" ", command) + " did not finish within " + timeout.toMillis() + " ms");
            }
            return new Result(p.exitValue(), out.get(5, TimeUnit.SECONDS));
        } catch (IOException e) {
            return new Result(-1, "cannot run " + executable + ": " + e.getMessage());
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            return new Result(p.exitValue(), "(output not read: " + e + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(-1, "interrupted while running " + String.join(" ", command));
        } finally {
            if (p != null && p.isAlive()) {
                p.destroyForcibly();
            }
        }
    }
}
