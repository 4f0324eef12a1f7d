package io.securer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What happens when bubblewrap cannot sandbox: strict mode refuses, non-strict mode warns, runs
 * unsandboxed and says so. Each case runs in a fresh JVM because the bwrap probe is cached per JVM;
 * a fake bwrap that fails the way bwrap does without user namespaces stands in for a locked-down
 * container.
 */
class SandboxFallbackIT {

    @BeforeAll
    static void prerequisites() {
        RTestSupport.requireR();
    }

    private static List<String> runMain(String bwrap, Path audit) throws Exception {
        return results(runMainOutput(bwrap, audit));
    }

    private static String runMainOutput(String bwrap, Path audit) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-Dsecurer.bwrap=" + bwrap, "-cp", System.getProperty("java.class.path"),
                FallbackMain.class.getName(), audit.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        return out;
    }

    /**
     * A shell script standing in for bwrap, in a world-readable directory: as root the probe runs
     * it under a dropped, unprivileged uid.
     */
    private static Path fakeBwrap(String body) throws IOException {
        Path dir = Files.createTempDirectory(Path.of("/tmp"), "fake-bwrap-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        Path fake = dir.resolve("bwrap");
        Files.writeString(fake, "#!/bin/sh\n" + body);
        Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwxr-xr-x"));
        return fake;
    }

    private static List<String> results(String out) {
        return out.lines().filter(l -> l.startsWith("RESULT ")).map(l -> l.substring(7)).toList();
    }

    /**
     * A kernel or container that refuses seccomp filters costs the filter, not the sandbox: the
     * probe retries without it, warns, and sessions (strict ones too) run in bubblewrap.
     */
    @Test
    void bwrapThatCannotInstallTheSeccompFilter() throws Exception {
        Path fake = fakeBwrap("for a in \"$@\"; do if [ \"$a\" = --seccomp ]; then\n"
                + "  echo 'bwrap: prctl(PR_SET_SECCOMP): Invalid argument' >&2; exit 1\nfi; done\n"
                + "exec /usr/bin/bwrap \"$@\"\n");
        Path dir = fake.getParent();
        Path audit = dir.resolve("audit.jsonl");
        try {
            String out = runMainOutput(fake.toString(), audit);
            assertEquals(List.of("strict: no exception", "mode: BUBBLEWRAP"), results(out).subList(0, 2), out);
            assertTrue(results(out).get(2).matches("toString: SecureSession\\[running pid=\\d+ sandbox=bubblewrap tools=0]"),
                    out);
            assertEquals(List.of("passwd visible: false", "seccomp: Seccomp:\t0"), results(out).subList(3, 5), out);
            assertTrue(out.contains("bubblewrap could not install the seccomp filter (bwrap: prctl(PR_SET_SECCOMP): "
                    + "Invalid argument"), out);
            assertTrue(out.contains("the bubblewrap sandbox runs without --seccomp (no system call filter"), out);
        } finally {
            deleteQuietly(audit, fake, dir);
        }
    }

    @Test
    void bwrapWithoutUserNamespaces() throws Exception {
        Path fake = fakeBwrap("echo 'bwrap: setting up uid map: Permission denied' >&2\nexit 1\n");
        Path dir = fake.getParent();
        Path audit = dir.resolve("audit.jsonl");
        try {
            List<String> r = runMain(fake.toString(), audit);
            // The reason carries bwrap's own words and the trial command, for whoever reads the log.
            assertTrue(r.get(0).startsWith("strict: SandboxUnavailableException: bubblewrap sandbox unavailable: "
                    + "bwrap: setting up uid map: Permission denied (command: /usr/bin/setpriv --reuid="), r.get(0));
            assertEquals("mode: NONE", r.get(1));
            assertTrue(r.get(2).matches("toString: SecureSession\\[running pid=\\d+ sandbox=none\\(fallback\\) tools=0]"),
                    r.get(2));
            assertEquals("passwd visible: true", r.get(3));
            String log = Files.readString(audit);
            assertTrue(log.contains("\"event\":\"sandbox_fallback\",") && log.contains(
                    "\"reason\":\"bubblewrap sandbox unavailable: bwrap: setting up uid map: Permission denied (command:"), log);
        } finally {
            deleteQuietly(audit, fake, dir);
        }
    }

    /**
     * A root host runs the child as another uid, which cannot walk into a 0700 java.io.tmpdir:
     * the session fails before any process starts, naming the directory and the fix. A non-root
     * host keeps its own uid, so the same directory works.
     */
    @Test
    void tmpdirTheChildCannotReach() throws Exception {
        Path home = Path.of(System.getProperty("user.home"));
        Path tmp = Files.createTempDirectory(home, "securer-private-tmp-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        try {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Process p = new ProcessBuilder(java, "-Djava.io.tmpdir=" + tmp, "-cp", System.getProperty("java.class.path"),
                    PrivateTmpMain.class.getName()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(60, TimeUnit.SECONDS));
            if (new com.sun.security.auth.module.UnixSystem().getUid() == 0) {
                assertEquals(List.of("SandboxUnavailableException: the sandboxed child runs as an unprivileged uid and "
                        + "cannot reach its session directory under " + tmp + " (others lack search permission); start "
                        + "the JVM with -Djava.io.tmpdir=/tmp or another directory whose parents are all world-searchable",
                        "left behind: 0"), results(out), out);
            } else {
                assertEquals(List.of("[1] 2", "left behind: 0"), results(out), out);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    @Test
    void bwrapMissing() throws Exception {
        Path dir = Files.createTempDirectory("no-bwrap-");
        try {
            List<String> r = runMain("/nonexistent/bwrap", dir.resolve("audit.jsonl"));
            assertEquals("strict: SandboxUnavailableException: bubblewrap sandbox unavailable: "
                    + "bwrap not found at /nonexistent/bwrap (system property securer.bwrap)", r.get(0));
            assertEquals("mode: NONE", r.get(1));
        } finally {
            deleteQuietly(dir.resolve("audit.jsonl"), dir);
        }
    }

    private static void deleteQuietly(Path... paths) throws IOException {
        for (Path p : paths) {
            Files.deleteIfExists(p);
        }
    }

    /** Runs in the forked JVM with a private java.io.tmpdir. */
    public static final class PrivateTmpMain {
        public static void main(String[] args) throws IOException {
            try (SecureSession s = SecureSession.builder().sandbox(true).sandboxStrict(true).build()) {
                System.out.println("RESULT " + s.execute("1 + 1").printed());
            } catch (SecurerException e) {
                System.out.println("RESULT " + e.getClass().getSimpleName() + ": " + e.getMessage());
            }
            try (var left = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
                System.out.println("RESULT left behind: " + left.count());
            }
        }
    }

    /** Runs in the forked JVM. */
    public static final class FallbackMain {
        public static void main(String[] args) {
            try {
                SecureSession.builder().sandbox(true).sandboxStrict(true).build().close();
                System.out.println("RESULT strict: no exception");
            } catch (SandboxUnavailableException e) {
                System.out.println("RESULT strict: SandboxUnavailableException: " + e.getMessage());
            }
            try (SecureSession s = SecureSession.builder().sandbox(true).auditLog(Path.of(args[0])).build()) {
                System.out.println("RESULT mode: " + s.sandboxMode());
                System.out.println("RESULT toString: " + s);
                System.out.println("RESULT passwd visible: " + s.execute("file.exists('/etc/passwd')").value().asBoolean());
                System.out.println("RESULT seccomp: " + s.execute("grep('^Seccomp:', readLines('/proc/self/status'), "
                        + "value = TRUE)").value().asText());
            }
        }
    }
}
