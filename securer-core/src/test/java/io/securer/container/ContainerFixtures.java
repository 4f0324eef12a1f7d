package io.securer.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.securer.ContainerImage;
import io.securer.RuntimeSetupException;
import io.securer.Sandbox;
import io.securer.SandboxMode;
import io.securer.SecureSession;
import io.securer.engine.RDiscovery;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The container backend's test set-up: a root directory built from nothing but empty mount points
 * and symlinks, so that no host file is in it, plus read-only binds of exactly what R needs from
 * the host ({@code /usr}, R's and the dynamic linker's configuration, the time zone, fonts), as
 * the bubblewrap sandbox binds them. {@code /etc/passwd}, {@code /root} and {@code /home} do not
 * exist inside. Real deployments use an image instead (docs/deployment.md).
 *
 * <p>Every container a test starts carries the label {@value #RUN_LABEL}{@code =<this JVM's run
 * id>}, so the tests look at and clean up only their own containers. A missing podman, runc or
 * catatonit fails the test with the command that installs them: nothing is skipped.
 */
public final class ContainerFixtures {
    static final String RUN_LABEL = "securer-test.run";
    /** Identifies this test JVM's containers (and those of the JVMs it starts). */
    static final String RUN_ID = UUID.randomUUID().toString().substring(0, 8);
    static final String INSTALL = "bash scripts/install-prereqs.sh   (installs podman runc catatonit)";
    static final Path PODMAN = Path.of("/usr/bin/podman");

    /** Host paths R needs, bound read-only at the same place when they exist (as bubblewrap does). */
    private static final List<String> HOST_BINDS = List.of("/usr", "/etc/R", "/etc/alternatives", "/etc/ld.so.cache",
            "/etc/ld.so.conf", "/etc/ld.so.conf.d", "/etc/localtime", "/etc/fonts", "/var/cache/fontconfig");

    private ContainerFixtures() {
    }

    /** Fails loudly unless R, podman, runc and catatonit are installed. */
    public static void requirePodman() {
        try {
            RDiscovery.discover("R");
        } catch (RuntimeException e) {
            fail("R prerequisites missing: " + e.getMessage() + "\nRun: " + INSTALL);
        }
        for (String p : List.of("/usr/bin/podman", "/usr/sbin/runc", "/usr/bin/catatonit")) {
            if (!Files.isExecutable(Path.of(p))) {
                fail(p + " is missing; the container backend's tests need podman, runc and catatonit.\nRun: " + INSTALL);
            }
        }
    }

    /**
     * Builds the root directory under {@code parent}: the usual top-level symlinks into /usr, and
     * empty files and directories where podman and the binds mount something. runc would create
     * missing mount points itself, in the host directory, and gives a tmpfs the mode of the
     * directory it covers, so {@code /tmp} is made 1777 here.
     */
    public static Path buildRootfs(Path parent) throws IOException {
        Path root = Files.createTempDirectory(parent, "ctr-rootfs-");
        try {
            Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x"));
            for (String link : List.of("bin", "sbin", "lib", "lib64")) {
                if (Files.isDirectory(Path.of("/usr", link))) { // merged /usr, as on Debian 12
                    Files.createSymbolicLink(root.resolve(link), Path.of("usr", link));
                }
            }
            for (String dir : List.of("usr", "proc", "sys", "dev", "tmp", "run/securer", "etc", "var/cache")) {
                Files.createDirectories(root.resolve(dir));
            }
            for (String file : List.of("etc/hostname", "run/.containerenv", "run/podman-init")) {
                Files.createFile(root.resolve(file));
            }
            Files.createSymbolicLink(root.resolve("etc/mtab"), Path.of("/proc/mounts"));
            for (String bind : HOST_BINDS) {
                Path host = Path.of(bind);
                Path target = root.resolve(bind.substring(1));
                if (Files.isDirectory(host)) {
                    Files.createDirectories(target);
                } else if (Files.exists(host) && !Files.exists(target)) {
                    Files.createDirectories(target.getParent());
                    Files.createFile(target);
                }
            }
            try (Stream<Path> all = Files.walk(root)) {
                for (Path p : all.filter(p -> Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)).toList()) {
                    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
                }
            }
            run(List.of("/bin/chmod", "1777", root.resolve("tmp").toString())); // Java cannot set the sticky bit
        } catch (IOException | RuntimeException | Error e) {
            deleteTree(root);
            throw e;
        }
        return root;
    }

    /** The container sandbox the tests use: {@code root}, the host binds, runc, and the run label. */
    public static Sandbox.Container sandbox(Path root) {
        Sandbox.Container c = Sandbox.container(ContainerImage.rootfs(root)).ociRuntime("runc")
                .label(RUN_LABEL, RUN_ID);
        for (String bind : HOST_BINDS) {
            if (Files.exists(Path.of(bind))) {
                c = c.readOnlyBind(Path.of(bind));
            }
        }
        return c;
    }

    /** A session in {@code sandbox}; the mode is asserted so that no other backend can pass for it. */
    public static SecureSession session(SecureSession.Builder builder, Sandbox.Container sandbox) {
        SecureSession s = builder.sandbox(sandbox).build();
        assertEquals(SandboxMode.CONTAINER, s.sandboxMode());
        return s;
    }

    /** Names of the containers (running or not) that carry this run's label and {@code extraFilters}. */
    public static List<String> containers(String... extraFilters) {
        return containersOfRun(RUN_ID, extraFilters);
    }

    /** Names of the containers labelled with run id {@code run} and {@code extraFilters}. */
    static List<String> containersOfRun(String run, String... extraFilters) {
        List<String> cmd = new ArrayList<>(List.of(PODMAN.toString(), "--events-backend=none", "ps", "-a",
                "--filter", "label=" + RUN_LABEL + "=" + run));
        for (String f : extraFilters) {
            cmd.addAll(List.of("--filter", f));
        }
        cmd.addAll(List.of("--format", "{{.Names}}"));
        return run(cmd).lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
    }

    /** Removes every container of this run (the tests' safety net; they assert before it runs). */
    public static void removeLeftovers() {
        removeRun(RUN_ID);
    }

    /** Removes every container labelled with run id {@code run}. */
    static void removeRun(String run) {
        List<String> names = containersOfRun(run);
        if (!names.isEmpty()) {
            List<String> cmd = new ArrayList<>(List.of(PODMAN.toString(), "--events-backend=none", "rm", "-f", "-t", "0"));
            cmd.addAll(names);
            run(cmd);
        }
    }

    /** Where the host's R keeps {@code pkg} (to hide it from a container). */
    static Path hostPackageDir(String pkg) {
        return Path.of(run(List.of("Rscript", "--vanilla", "-e", "cat(find.package('" + pkg + "'))")).strip());
    }

    public static void deleteTree(Path root) throws IOException {
        if (root == null || !Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    public static String run(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getOutputStream().close();
            String out;
            try (InputStream in = p.getInputStream()) {
                out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " failed: " + out);
            }
            return out;
        } catch (IOException e) {
            throw new AssertionError("cannot run " + command.get(0), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
