package io.securer.security;

import static io.securer.security.SecurityFixtures.string;
import static io.securer.security.SecurityFixtures.strings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.securer.SecureSession;
import io.securer.SandboxMode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The same attacks with {@code sandbox(false)}: documents, as executable truth, what is NOT
 * contained without an OS sandbox. Only the environment allowlist still holds. Nothing here
 * harms the host: kills target a sacrificial process, writes go to a temp directory.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UnsandboxedExposureIT {
    private SecureSession s;

    @BeforeAll
    void start() {
        SecurityFixtures.requireR();
        SecurityFixtures.requireHostSecret();
        s = SecureSession.builder().sandbox(false).tool(SecurityFixtures.add()).build();
        assertEquals(SandboxMode.NONE, s.sandboxMode());
    }

    @AfterAll
    void stop() {
        if (s != null) {
            s.close();
        }
    }

    /** Without the sandbox there is no system call filter: the kernel keyring is reachable. */
    @Test
    void noSystemCallFilter() {
        assertEquals(List.of("Seccomp:\t0"), strings(s, "grep('^Seccomp:', readLines('/proc/self/status'), value = TRUE)"));
        List<String> keyctl = strings(s, SecurityFixtures.rawSyscalls("keyctl"));
        assertEquals(1, keyctl.size(), keyctl.toString());
        assertTrue(keyctl.get(0).matches("keyctl=[1-9][0-9]*/0"), keyctl.toString());
        List<String> memfd = strings(s, SecurityFixtures.rawSyscalls("memfd_create"));
        assertTrue(memfd.get(0).matches("memfd_create=[0-9]+/0"), memfd.toString());
    }

    /**
     * Without the sandbox's pid namespace the runtime cannot tell its strays from the host's
     * processes, so it leaves them alone: a background writer started by one execution (double
     * fork) writes into R's output pipe, and its lines land in whichever execution is running (or
     * in the log between executions). Compare OutputAttackIT.backgroundProcessesDoNotWriteIntoLaterResults.
     */
    @Test
    void backgroundProcessesWriteIntoLaterExecutions() {
        assertEquals("started", string(s, "system(\"(sh -c 'for i in 1 2 3 4 5 6; do echo INJECTED-$i; "
                + "sleep .5; done' &)\"); 'started'"));
        List<String> later = new java.util.ArrayList<>();
        long until = System.nanoTime() + 3_500_000_000L; // the writer is done by then
        while (System.nanoTime() < until) {
            later.addAll(s.execute("Sys.sleep(0.25); 1").output());
        }
        assertTrue(later.stream().anyMatch(l -> l.startsWith("INJECTED-")), later.toString());
    }

    @Test
    void hostFilesAndTheCheckoutAreReadable() {
        String pom = Path.of(System.getProperty("user.dir"), "pom.xml").toString();
        assertEquals(List.of("true", "true"), strings(s, "file.exists(c('/etc/passwd', '" + pom + "'))"));
        assertTrue(string(s, "readLines('/etc/passwd', n = 1)").startsWith("root:"));
        assertEquals("<project", string(s, "substr(paste(readLines('" + pom + "', n = 3), collapse = ''), "
                + "regexpr('<project', paste(readLines('" + pom + "', n = 3), collapse = '')), "
                + "regexpr('<project', paste(readLines('" + pom + "', n = 3), collapse = '')) + 7)"));
    }

    @Test
    void hostDirectoriesAreWritable() throws Exception {
        Path dir = Files.createTempDirectory("securer-exposure-");
        try {
            Path target = dir.resolve("written-by-r");
            s.execute("writeLines('pwned', '" + target + "')");
            assertEquals(List.of("pwned"), Files.readAllLines(target));
        } finally {
            SecurityFixtures.deleteTree(dir);
        }
    }

    @Test
    void theEnvironmentAllowlistStillHidesHostSecrets() {
        assertEquals("", string(s, "Sys.getenv('OPENAI_API_KEY')"));
        assertEquals(List.of("FALSE"), strings(s, "as.character(any(grepl('sk-securer', "
                + SecurityFixtures.environOf("self") + ")))"));
    }

    @Test
    void hostLoopbackIsReachable() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            server.setSoTimeout(10_000);
            CompletableFuture<String> got = CompletableFuture.supplyAsync(() -> {
                try (Socket peer = server.accept(); BufferedReader r = new BufferedReader(
                        new InputStreamReader(peer.getInputStream(), StandardCharsets.UTF_8))) {
                    return r.readLine();
                } catch (Exception e) {
                    return "accept failed: " + e;
                }
            });
            s.execute("con <- socketConnection(host = '127.0.0.1', port = " + server.getLocalPort()
                    + ", open = 'r+b', timeout = 5); writeLines('exfiltrated', con); close(con)");
            assertEquals("exfiltrated", got.get(15, TimeUnit.SECONDS));
        }
    }

    @Test
    void abstractUnixSocketsOfTheHostAreReachable() throws Exception {
        String name = "securer-it-unsandboxed-" + ProcessHandle.current().pid();
        try (var server = org.newsclub.net.unix.AFUNIXServerSocket.newInstance()) {
            var got = SecurityFixtures.abstractListener(server, name);
            assertEquals(List.of("connected"), strings(s, SecurityFixtures.connectAbstract(name)));
            assertEquals("exfiltrated", got.get(10, TimeUnit.SECONDS));
        }
    }

    @Test
    void hostProcessesAreVisibleAndKillable() throws Exception {
        long jvm = ProcessHandle.current().pid();
        assertEquals(true, s.execute("'" + jvm + "' %in% list.files('/proc')").value().asBoolean());
        Process victim = SecurityFixtures.sacrificialHostProcess();
        try {
            assertEquals(true, s.execute("tools::pskill(" + victim.pid() + ", tools::SIGKILL)").value().asBoolean());
            assertTrue(victim.waitFor(10, TimeUnit.SECONDS), "the R child killed a host process");
        } finally {
            victim.destroyForcibly();
        }
    }

    @Test
    void childRunsWithTheHostsUidAndCapabilities() throws Exception {
        String hostUid = Files.readAllLines(Path.of("/proc/self/status")).stream()
                .filter(l -> l.startsWith("Uid:")).findFirst().orElseThrow();
        assertEquals(hostUid, string(s, "grep('^Uid:', readLines('/proc/self/status'), value = TRUE)"));
        String hostCaps = Files.readAllLines(Path.of("/proc/self/status")).stream()
                .filter(l -> l.startsWith("CapEff:")).findFirst().orElseThrow();
        assertEquals(hostCaps, string(s, "grep('^CapEff:', readLines('/proc/self/status'), value = TRUE)"));
        // No resource limits unless asked for: sandbox(false) defaults to ResourceLimits.none().
        assertEquals("unlimited", string(s, "strsplit(trimws(grep('^Max cpu time', readLines('/proc/self/limits'), value = TRUE)), ' +')[[1]][4]"));
    }

    @Test
    void networkInterfacesOfTheHostAreVisible() {
        List<String> ifaces = strings(s, "list.files('/sys/class/net')");
        assertTrue(ifaces.contains("lo") && ifaces.size() > 1, ifaces.toString());
    }
}
