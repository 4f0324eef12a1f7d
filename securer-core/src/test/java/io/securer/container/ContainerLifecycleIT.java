package io.securer.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.securer.ExecuteOptions;
import io.securer.ExecutionTimeoutException;
import io.securer.SecureSession;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * No container outlives its session: after close, after a timeout kill, and after the JVM that
 * owned it was killed with SIGKILL (the next JVM's first container session removes it). Timeouts
 * interrupt R in its container and keep the session's state.
 */
class ContainerLifecycleIT {
    private static Path rootfs;

    @BeforeAll
    static void setUp() throws Exception {
        ContainerFixtures.requirePodman();
        rootfs = ContainerFixtures.buildRootfs(Path.of(System.getProperty("java.io.tmpdir")));
    }

    @AfterAll
    static void tearDown() throws Exception {
        try {
            ContainerFixtures.removeLeftovers();
        } finally {
            ContainerFixtures.deleteTree(rootfs);
        }
    }

    private static ExecuteOptions timeout(long millis) {
        return ExecuteOptions.builder().timeout(Duration.ofMillis(millis)).build();
    }

    @Test
    void closeRemovesTheContainerAndTheSessionDirectory() {
        SecureSession s = ContainerFixtures.session(SecureSession.builder(), ContainerFixtures.sandbox(rootfs));
        List<String> running = ContainerFixtures.containers("status=running");
        assertEquals(1, running.size(), running.toString());
        // The host directory the container sees at /run/securer: its socket's path, from inside.
        Path dir = Path.of(s.execute("sub('^.* ', '', grep('/ipc.sock$', readLines('/proc/net/unix'), value = TRUE))")
                .value().asText()).getParent();
        assertTrue(Files.isDirectory(dir), dir.toString());
        s.close();
        s.close();
        assertEquals(List.of(), ContainerFixtures.containers());
        assertFalse(Files.exists(dir), "session directory " + dir + " must be removed");
    }

    @Test
    void timeoutInterruptsRInsideTheContainerAndKeepsState() {
        try (SecureSession s = ContainerFixtures.session(SecureSession.builder(), ContainerFixtures.sandbox(rootfs))) {
            s.execute("kept <- 41");
            List<String> before = ContainerFixtures.containers();
            ExecutionTimeoutException e = assertThrows(ExecutionTimeoutException.class,
                    () -> s.execute("Sys.sleep(30)", timeout(500)));
            assertFalse(e.sessionRestarted());
            assertEquals("R execution timed out after 500 ms; R was interrupted and the session kept its state",
                    e.getMessage());
            assertEquals(42, s.execute("kept + 1").value().asInt());
            assertEquals(before, ContainerFixtures.containers(), "the same container still runs");
        }
    }

    @Test
    void timeoutKillRemovesTheContainerAndStartsAFreshOne() {
        try (SecureSession s = ContainerFixtures.session(SecureSession.builder().interruptGrace(Duration.ofMillis(500)),
                ContainerFixtures.sandbox(rootfs))) {
            s.execute("lost <- 1");
            List<String> before = ContainerFixtures.containers();
            assertEquals(1, before.size(), before.toString());
            ExecutionTimeoutException e = assertThrows(ExecutionTimeoutException.class, () -> s.execute(
                    "repeat tryCatch(Sys.sleep(10), interrupt = function(i) NULL)", timeout(500)));
            assertTrue(e.sessionRestarted());
            List<String> after = ContainerFixtures.containers();
            assertEquals(1, after.size(), "only the fresh container exists: " + after);
            assertNotEquals(before, after);
            assertFalse(s.execute("exists('lost')").value().asBoolean());
        }
        assertEquals(List.of(), ContainerFixtures.containers());
    }

    @Test
    void containerOfAKilledJvmIsRemovedByTheNextJvmsFirstSession() throws Exception {
        String busyRun = ContainerFixtures.RUN_ID + "-killed";
        Process busy = hostJvm(busyRun, "busy");
        try {
            assertTrue(readsLine(busy, "BUSY"), "the host JVM did not report a busy R");
            busy.destroyForcibly(); // SIGKILL: no shutdown hook, no close
            assertTrue(busy.waitFor(10, TimeUnit.SECONDS));
            // R is busy, so it never sees its socket close: the container stays.
            assertEquals(1, ContainerFixtures.containersOfRun(busyRun, "status=running").size(),
                    "the killed JVM's container still runs before the sweep");
            Process next = hostJvm(ContainerFixtures.RUN_ID + "-next", "open-close");
            assertTrue(readsLine(next, "CLOSED"), "the next JVM did not open and close a session");
            assertTrue(next.waitFor(30, TimeUnit.SECONDS));
            assertEquals(0, next.exitValue());
            assertEquals(List.of(), ContainerFixtures.containersOfRun(busyRun));
            assertEquals(List.of(), ContainerFixtures.containersOfRun(ContainerFixtures.RUN_ID + "-next"));
        } finally {
            busy.destroyForcibly();
            ContainerFixtures.removeRun(busyRun);
        }
    }

    @Test
    void busyContainerOfAJvmThatExitsWithoutClosingIsRemovedByItsShutdownHook() throws Exception {
        String run = ContainerFixtures.RUN_ID + "-exit";
        Process exiting = hostJvm(run, "busy-then-exit");
        try {
            assertTrue(readsLine(exiting, "EXITING"), "the host JVM did not report a busy R");
            assertTrue(exiting.waitFor(30, TimeUnit.SECONDS));
            assertEquals(0, exiting.exitValue());
            // R was busy, so it could not notice the socket closing: only the hook removed it.
            assertEquals(List.of(), ContainerFixtures.containersOfRun(run));
        } finally {
            exiting.destroyForcibly();
            ContainerFixtures.removeRun(run);
        }
    }

    private static Process hostJvm(String run, String mode) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), ContainerHostJvmMain.class.getName(),
                rootfs.toString(), run, mode).redirectErrorStream(true).start();
    }

    /** Reads the process's output until {@code wanted} (true) or its end (false); bounded by the JVM's own exit. */
    private static boolean readsLine(Process p, String wanted) throws Exception {
        BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        String line;
        while ((line = r.readLine()) != null) {
            if (line.equals(wanted)) {
                return true;
            }
            seen.append(line).append('\n');
        }
        System.err.println("host JVM output:\n" + seen);
        return false;
    }

    /**
     * Runs in a separate JVM: opens a container session labelled with the given run id, then keeps
     * R busy and waits to be killed ({@code busy}), keeps it busy and exits without closing
     * ({@code busy-then-exit}), or closes it and exits ({@code open-close}).
     */
    public static final class ContainerHostJvmMain {
        public static void main(String[] args) throws Exception {
            var sandbox = ContainerFixtures.sandbox(Path.of(args[0])).label(ContainerFixtures.RUN_LABEL, args[1]);
            SecureSession s = SecureSession.builder().sandbox(sandbox).build();
            if (args[2].equals("busy-then-exit")) {
                java.util.concurrent.CountDownLatch busy = new java.util.concurrent.CountDownLatch(1);
                Thread t = new Thread(() -> s.execute("cat('busy\\n'); repeat {}", ExecuteOptions.builder()
                        .outputHandler(l -> busy.countDown()).build()), "busy-execution");
                t.setDaemon(true);
                t.start();
                if (!busy.await(60, TimeUnit.SECONDS)) {
                    System.exit(2);
                }
                System.out.println("EXITING");
                System.out.flush();
                System.exit(0);
            } else if (args[2].equals("busy")) {
                s.execute("cat('busy\\n'); repeat {}", ExecuteOptions.builder().timeout(Duration.ofMinutes(5))
                        .outputHandler(l -> {
                            System.out.println("BUSY");
                            System.out.flush();
                        }).build());
            } else {
                s.execute("1 + 1");
                s.close();
                System.out.println("CLOSED");
            }
        }
    }
}
