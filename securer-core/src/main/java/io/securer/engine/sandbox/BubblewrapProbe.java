package io.securer.engine.sandbox;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Finds out once per JVM whether bubblewrap can actually create a sandbox here, by running a
 * trial sandbox built exactly like a real one (same privilege drop when root, same namespaces,
 * binds and options) around {@code /usr/bin/true}. Merely finding the binary is not enough: user
 * namespaces may be disabled by the kernel, a container's seccomp policy, or AppArmor.
 *
 * <p>Thread-safe. {@link #probe()} runs the trial at most once per JVM and caches the answer;
 * concurrent callers wait for the first one. An interrupted probe is not cached (the interrupt
 * flag is restored and "unavailable" returned), so a later call tries again. The trial process is
 * killed when it takes longer than {@value #TIMEOUT_SECONDS} seconds.
 */
public final class BubblewrapProbe {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(BubblewrapProbe.class);

    static final long TIMEOUT_SECONDS = 10;
    static final String NOT_FOUND =
            "bwrap not found on PATH; install it with: apt-get install bubblewrap";
    private static final int MAX_REASON_CHARS = 2000;

    private static final Object LOCK = new Object();
    private static volatile ProbeResult cached;

    private BubblewrapProbe() {
    }

    /** The cached verdict for this JVM, running the trial sandbox on first use. */
    public static ProbeResult probe() {
        ProbeResult result = cached;
        if (result != null) {
            return result;
        }
        synchronized (LOCK) {
            if (cached == null) {
                Optional<Path> bwrap = locate();
                String configured = System.getProperty(BWRAP_PROPERTY);
                ProbeResult fresh = bwrap.isEmpty() && configured != null && !configured.isBlank()
                        ? ProbeResult.unavailable("bwrap not found at " + configured + " (system property "
                                + BWRAP_PROPERTY + ")")
                        : runWithFallback(bwrap, PrivilegeDrop.decide(EffectiveUid.current(),
                                SessionUidAllocator.shared()::next).prefix(), bwrap.map(BubblewrapProbe::features)
                                .orElse(BubblewrapFeatures.ALL), SeccompFilter.forCurrentArchitecture());
                if (fresh.available() && !fresh.features().missing().isEmpty()) {
                    LOG.warn("the bubblewrap sandbox runs without {}; upgrade to bubblewrap 0.8 or later on "
                            + "x86-64 or AArch64 for full isolation", fresh.features().missing());
                }
                if (Thread.currentThread().isInterrupted()) {
                    return fresh;
                }
                cached = fresh;
            }
            return cached;
        }
    }

    /** System property naming the bwrap binary to use instead of looking for one. */
    public static final String BWRAP_PROPERTY = "securer.bwrap";

    /**
     * The bwrap to use: the one named by the {@value #BWRAP_PROPERTY} system property when set
     * (empty if it is not executable), else {@code /usr/bin/bwrap}, else the first on PATH.
     */
    static Optional<Path> locate() {
        String configured = System.getProperty(BWRAP_PROPERTY);
        if (configured != null && !configured.isBlank()) {
            Path p = Path.of(configured);
            return Files.isExecutable(p) ? Optional.of(p) : Optional.empty();
        }
        return ExecutableLookup.find(BubblewrapCommand.DEFAULT_BWRAP, "bwrap",
                System.getenv("PATH"), HostFileSystem.real());
    }

    /**
     * Runs one trial sandbox without the seccomp filter, uncached.
     *
     * @param bwrap          the bwrap executable, or empty when none was found
     * @param privilegeDrop  the setpriv prefix a real launch would use (empty when not root)
     */
    static ProbeResult run(Optional<Path> bwrap, List<String> privilegeDrop) {
        return run(bwrap, privilegeDrop, BubblewrapFeatures.ALL.withoutSeccomp(), Optional.empty());
    }

    /** What {@code bwrap --help} says this bwrap understands (everything, if it cannot tell). */
    static BubblewrapFeatures features(Path bwrap) {
        try {
            Process p = new ProcessBuilder(bwrap.toString(), "--help").redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
            String help = new String(p.getInputStream().readNBytes(64 * 1024), StandardCharsets.UTF_8);
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return BubblewrapFeatures.ALL;
            }
            return help.contains("--unshare-all") ? BubblewrapFeatures.fromHelp(help) : BubblewrapFeatures.ALL;
        } catch (IOException e) {
            return BubblewrapFeatures.ALL;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return BubblewrapFeatures.ALL;
        }
    }

    /**
     * Runs the trial with the seccomp filter when {@code features} and the architecture allow it;
     * if only that fails, runs it again without the filter and reports the filter as missing, so a
     * kernel or container that refuses seccomp costs the filter, not the whole sandbox.
     */
    static ProbeResult runWithFallback(Optional<Path> bwrap, List<String> privilegeDrop,
                                       BubblewrapFeatures features, Optional<SeccompFilter> filter) {
        if (filter.isEmpty() || !features.seccomp()) {
            return run(bwrap, privilegeDrop, features.withoutSeccomp(), Optional.empty());
        }
        ProbeResult withFilter = run(bwrap, privilegeDrop, features, filter);
        if (withFilter.available() || Thread.currentThread().isInterrupted()) {
            return withFilter;
        }
        ProbeResult without = run(bwrap, privilegeDrop, features.withoutSeccomp(), Optional.empty());
        if (without.available()) {
            LOG.warn("bubblewrap could not install the seccomp filter ({}); sandboxing without it",
                    withFilter.reason());
        }
        return without;
    }

    private static ProbeResult run(Optional<Path> bwrap, List<String> privilegeDrop, BubblewrapFeatures features,
                                   Optional<SeccompFilter> filter) {
        if (bwrap.isEmpty()) {
            return ProbeResult.unavailable(NOT_FOUND);
        }
        if (!privilegeDrop.isEmpty() && !Files.isExecutable(Path.of(privilegeDrop.get(0)))) {
            return ProbeResult.unavailable(privilegeDrop.get(0)
                    + " not found; it is needed to drop root privileges: apt-get install util-linux");
        }
        Path stderr = null;
        Path filterFile = null;
        Process process = null;
        List<String> command = new ArrayList<>();
        try {
            BubblewrapCommand.Builder trial = BubblewrapCommand.builder().bwrap(bwrap.get()).features(features);
            if (filter.isPresent()) {
                filterFile = Files.createTempFile("securer-bwrap-probe", ".bpf");
                Files.write(filterFile, filter.get().program());
                command.addAll(LaunchWrapper.prefix(List.of(new LaunchWrapper.Opened(SeccompFilter.FD, filterFile))));
                trial.seccompFd(SeccompFilter.FD);
            }
            command.addAll(privilegeDrop);
            command.addAll(trial.build().arguments());
            command.add("/usr/bin/true");
            stderr = Files.createTempFile("securer-bwrap-probe", ".txt");
            ProcessBuilder pb = new ProcessBuilder(command)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(stderr.toFile());
            pb.environment().clear();
            pb.environment().putAll(Map.of("PATH", "/usr/bin:/bin"));
            process = pb.start();
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                return ProbeResult.unavailable("bwrap trial sandbox did not exit within "
                        + TIMEOUT_SECONDS + " s: " + String.join(" ", command));
            }
            int exit = process.exitValue();
            if (exit == 0) {
                return ProbeResult.ok(features);
            }
            String err = Files.readString(stderr, StandardCharsets.UTF_8).strip();
            if (err.length() > MAX_REASON_CHARS) {
                err = err.substring(0, MAX_REASON_CHARS) + "...";
            }
            return ProbeResult.unavailable((err.isEmpty() ? "bwrap exited with status " + exit : err)
                    + " (command: " + String.join(" ", command) + ")");
        } catch (IOException e) {
            return ProbeResult.unavailable("cannot run " + (command.isEmpty() ? bwrap.get() : command.get(0))
                    + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ProbeResult.unavailable("interrupted while probing bubblewrap");
        } finally {
            if (process != null && process.isAlive()) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
            for (Path p : new Path[] {stderr, filterFile}) {
                if (p != null) {
                    try {
                        Files.deleteIfExists(p);
                    } catch (IOException ignored) {
                        // A leftover small temp file is harmless; the verdict matters more.
                    }
                }
            }
        }
    }
}
