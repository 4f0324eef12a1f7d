package io.securer.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import io.securer.ArgType;
import io.securer.RExecutionException;
import io.securer.RuntimeSetupException;
import io.securer.SecureSession;
import io.securer.SecurerTool;
import io.securer.engine.RDiscovery;
import io.securer.SandboxMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Shared pieces of the adversarial suites. A missing R, R package or bubblewrap FAILS the test
 * with the command that installs it: a security suite that silently skips proves nothing.
 */
final class SecurityFixtures {
    static final String INSTALL = "apt-get update && apt-get install -y --no-install-recommends r-base-core "
            + "r-cran-jsonlite r-cran-processx bubblewrap util-linux";

    static final String REACH = AttackSnippets.REACH;
    static final String CONN = AttackSnippets.CONN;
    static final String EXEC = AttackSnippets.EXEC;
    static final String CALL_TOOL = AttackSnippets.CALL_TOOL;

    /** The environment variable the parent pom puts into the test JVM as a fake host secret. */
    static final String SECRET_NAME = "OPENAI_API_KEY";
    static final String SECRET_VALUE = "sk-securer-fake-host-secret";

    private SecurityFixtures() {
    }

    static void requireR() {
        try {
            RDiscovery.discover("R");
        } catch (RuntimeSetupException e) {
            fail("R prerequisites missing: " + e.getMessage() + "\nRun: " + INSTALL);
        }
    }

    static void requireBwrap() {
        requireR();
        if (!Files.isExecutable(Path.of("/usr/bin/bwrap"))) {
            fail("bubblewrap missing: /usr/bin/bwrap is not executable\nRun: " + INSTALL);
        }
    }

    /** The values of a field of the test JVM's own /proc/self/status ("Uid:", "Groups:", ...). */
    static List<String> jvmStatus(String field) {
        try {
            return Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith(field))
                    .findFirst().map(l -> List.of(l.substring(field.length()).trim().split("\\s+")))
                    .map(v -> v.size() == 1 && v.get(0).isEmpty() ? List.<String>of() : v)
                    .orElseThrow(() -> new AssertionError("no " + field + " in /proc/self/status"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Whether the test JVM runs as root (effective uid 0), as CI does. */
    static boolean jvmIsRoot() {
        return jvmStatus("Uid:").get(1).equals("0");
    }

    /**
     * What caps a session's memory on this host: a memory cgroup when the JVM is root (as in CI);
     * for another user only the address-space rlimit under cgroup v1, and under cgroup v2
     * whichever a delegated subtree allows (not asserted).
     */
    static void assertMemoryModeOfThisHost(SecureSession s) {
        if (jvmIsRoot()) {
            assertEquals(io.securer.MemoryLimitMode.CGROUP, s.memoryLimitMode(), s.toString());
        } else if (!Files.exists(Path.of("/sys/fs/cgroup/cgroup.controllers"))) {
            assertEquals(io.securer.MemoryLimitMode.RLIMIT, s.memoryLimitMode(), s.toString());
        }
    }

    /** RLIMIT_AS for the default 1 GiB limit as /proc/self/limits shows it: four times the limit next to a cgroup. */
    static String defaultAddressSpace(SecureSession s) {
        return s.memoryLimitMode() == io.securer.MemoryLimitMode.CGROUP ? "4294967296 4294967296" : "1073741824 1073741824";
    }

    /** The fake secret must really be in the host env, or the secret tests would prove nothing. */
    static void requireHostSecret() {
        assertEquals(SECRET_VALUE, System.getenv(SECRET_NAME),
                "the Failsafe configuration must set " + SECRET_NAME + " in the test JVM (see the parent pom)");
    }

    static SecurerTool add() {
        return SecurerTool.builder("add").description("Add two numbers")
                .arg("a", ArgType.NUMERIC).arg("b", ArgType.NUMERIC)
                .handler(args -> args.getDouble("a") + args.getDouble("b")).build();
    }

    /** A strict bubblewrap session; the mode is asserted so a silent fallback can never pass. */
    static SecureSession sandboxed(SecureSession.Builder b) {
        requireBwrap();
        SecureSession s = b.sandbox(true).sandboxStrict(true).build();
        assertEquals(SandboxMode.BUBBLEWRAP, s.sandboxMode(), "strict sandbox must be bubblewrap");
        return s;
    }

    static SecureSession sandboxed() {
        return sandboxed(SecureSession.builder().tool(add()));
    }

    static String string(SecureSession s, String code) {
        return s.execute(code).value().asText();
    }

    static List<String> strings(SecureSession s, String code) {
        List<String> out = new ArrayList<>();
        var v = s.execute(code).value();
        if (v.isArray()) {
            v.forEach(n -> out.add(n.asText()));
        } else if (!v.isNull()) {
            out.add(v.asText());
        }
        return out;
    }

    /** Runs code that must fail in R and returns the exception. */
    static RExecutionException rError(SecureSession s, String code) {
        return assertThrows(RExecutionException.class, () -> s.execute(code), code);
    }

    /**
     * An R expression that makes raw system calls through Debian's always-present perl, bypassing
     * anything R or libc might refuse on their own, and returns one "name=result/errno" string per
     * call (errno 1 is EPERM). Numbers come from the filter's own table for this machine.
     */
    static String rawSyscalls(String... names) {
        var numbers = io.securer.engine.sandbox.SeccompFilter.forCurrentArchitecture()
                .orElseThrow(() -> new AssertionError("no seccomp filter for os.arch="
                        + System.getProperty("os.arch") + "; these tests need x86-64 or AArch64"))
                .deniedSyscalls();
        StringBuilder perl = new StringBuilder("my $b = chr(0) x 256; my $n = 'x'; ");
        for (String name : names) {
            Object nr = java.util.Objects.requireNonNull(numbers.get(name), name);
            String args = switch (name) {
                case "keyctl" -> "1, 0";                   // KEYCTL_JOIN_SESSION_KEYRING, NULL: a new keyring
                case "io_uring_setup" -> "1, $b";          // one entry, zeroed params
                case "ptrace" -> "0, 0, 0, 0";             // PTRACE_TRACEME
                case "unshare" -> "268435456";             // CLONE_NEWUSER
                case "memfd_create" -> "$n, 0";            // an anonymous in-memory file
                case "shmget" -> "0, 1048576, 384";        // IPC_PRIVATE, 1 MiB, 0600
                case "msgget" -> "0, 384";                 // IPC_PRIVATE, 0600
                default -> throw new IllegalArgumentException(name);
            };
            perl.append("$! = 0; my $r_").append(name).append(" = syscall(").append(nr).append(", ").append(args)
                    .append("); print \"").append(name).append("=$r_").append(name).append("/\", $! + 0, \"\\n\";\n");
        }
        return perl(perl.toString());
    }

    /** An R expression that runs a perl program and returns its output lines (stdout and stderr). */
    static String perl(String program) {
        // An R raw string carries the program verbatim; perl reads it from a file in the child's /tmp.
        return "local({ f <- tempfile(fileext = '.pl'); writeLines(r\"---(" + program + ")---\", f); "
                + "system2('/usr/bin/perl', f, stdout = TRUE, stderr = TRUE) })";
    }

    /**
     * An R expression that connects to the abstract AF_UNIX socket {@code name} (no file: the
     * name lives in the network namespace, as D-Bus and X11 ones do on desktops) through perl,
     * sends a line, and returns "connected" or "refused/errno".
     */
    static String connectAbstract(String name) {
        String perl = "use Socket; socket(my $s, AF_UNIX, SOCK_STREAM, 0) or die \"socket: $!\"; "
                + "if (connect($s, pack_sockaddr_un(\"\\0" + name + "\"))) { send($s, \"exfiltrated\\n\", 0); "
                + "print \"connected\\n\" } else { print \"refused/\", $! + 0, \"\\n\" }";
        return perl(perl);
    }

    /** Listens on an abstract AF_UNIX socket and yields the first line a peer sends (or why none came). */
    static java.util.concurrent.CompletableFuture<String> abstractListener(
            org.newsclub.net.unix.AFUNIXServerSocket server, String name) throws java.io.IOException {
        server.bind(org.newsclub.net.unix.AFUNIXSocketAddress.inAbstractNamespace(name));
        server.setSoTimeout(3_000);
        return java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try (var peer = server.accept(); var r = new java.io.BufferedReader(new java.io.InputStreamReader(
                    peer.getInputStream(), java.nio.charset.StandardCharsets.UTF_8))) {
                return r.readLine();
            } catch (java.net.SocketTimeoutException e) {
                return "nobody connected";
            } catch (java.io.IOException e) {
                return "accept failed: " + e;
            }
        });
    }

    /** An R expression giving /proc/<pid>/environ as a character vector of NAME=value. */
    static String environOf(String pid) {
        return "local({ x <- readBin('/proc/" + pid + "/environ', 'raw', 1e6); x[x == 0] <- as.raw(10); "
                + "strsplit(rawToChar(x), '\\n')[[1]] })";
    }

    /** Names (before '=') of NAME=value strings, as a set. */
    static Set<String> names(List<String> assignments) {
        return assignments.stream().map(a -> a.substring(0, a.indexOf('='))).collect(Collectors.toSet());
    }

    /**
     * The host path of the socket the child's runtime connected to, as the child's own
     * /proc/net/unix names it; then checks that it is gone (unlinked once R connected) and that
     * the host cannot connect to it and speak first.
     */
    static Path assertTheSocketTakesNoSecondPeer(SecureSession s) {
        Path sock = Path.of(string(s, "sub('^.* ', '', grep('/ipc.sock$', readLines('/proc/net/unix'), value = TRUE))"));
        assertFalse(Files.exists(sock), sock + " must be unlinked after the child connected");
        assertThrows(java.io.IOException.class, () -> {
            try (org.newsclub.net.unix.AFUNIXSocket c = org.newsclub.net.unix.AFUNIXSocket.connectTo(
                    org.newsclub.net.unix.AFUNIXSocketAddress.of(sock.toFile()))) {
                c.getOutputStream().write("{\"type\":\"hello\"}\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
        });
        return sock;
    }

    /** The numeric entries of the child's /proc, i.e. the pids it can see. */
    static String visiblePids() {
        return "grep('^[0-9]+$', list.files('/proc'), value = TRUE)";
    }

    /** All processes below the test JVM (R children, bwrap, setpriv'd descendants, ...). */
    static List<ProcessHandle> jvmDescendants() {
        return ProcessHandle.current().descendants().toList();
    }

    /** Waits, bounded, for every given process to exit; true if all did. */
    static boolean allExit(List<ProcessHandle> handles, long seconds) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        for (ProcessHandle h : handles) {
            long left = deadline - System.nanoTime();
            try {
                h.onExit().get(Math.max(1, left), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                if (h.isAlive()) {
                    return false;
                }
            }
        }
        return true;
    }

    static void deleteTree(Path root) throws java.io.IOException {
        try (var walk = Files.walk(root)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** A harmless host process that attacks try to kill; the caller destroys it. */
    static Process sacrificialHostProcess() throws java.io.IOException {
        return new ProcessBuilder("/bin/sleep", "300").redirectErrorStream(true).start();
    }
}
