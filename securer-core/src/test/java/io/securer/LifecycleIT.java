package io.securer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Timeouts, limits, restarts and the promise that no child process or temp dir outlives its session. */
class LifecycleIT {

    @BeforeAll
    static void prerequisites() {
        RTestSupport.requireR();
    }

    private static ExecuteOptions timeout(long millis) {
        return ExecuteOptions.builder().timeout(Duration.ofMillis(millis)).build();
    }

    @Test
    void timeoutInterruptsAndKeepsState() {
        try (SecureSession s = SecureSession.builder().build()) {
            s.execute("kept <- 41");
            long pid = RTestSupport.rPid(s);
            ExecutionTimeoutException e = assertThrows(ExecutionTimeoutException.class,
                    () -> s.execute("Sys.sleep(30)", timeout(500)));
            assertFalse(e.sessionRestarted());
            assertEquals("R execution timed out after 500 ms; R was interrupted and the session kept its state", e.getMessage());
            assertEquals(42, s.execute("kept + 1").value().asInt());
            assertEquals(pid, RTestSupport.rPid(s));
        }
    }

    @Test
    void timeoutKillsWhenRIgnoresTheInterrupt() throws Exception {
        try (SecureSession s = SecureSession.builder().interruptGrace(Duration.ofMillis(500)).build()) {
            s.execute("lost <- 1");
            long pid = RTestSupport.rPid(s);
            ExecutionTimeoutException e = assertThrows(ExecutionTimeoutException.class, () -> s.execute(
                    "repeat tryCatch(Sys.sleep(10), interrupt = function(i) NULL)", timeout(500)));
            assertTrue(e.sessionRestarted());
            assertTrue(RTestSupport.gone(pid, Duration.ofSeconds(10)), "killed child must be gone");
            assertFalse(s.execute("exists('lost')").value().asBoolean());
            assertNotEquals(pid, RTestSupport.rPid(s));
        }
    }

    @Test
    void timeoutWhileAHostToolHangs() {
        SecurerTool hang = SecurerTool.builder("hang").handler(a -> {
            Thread.sleep(60_000);
            return 1;
        }).build();
        try (SecureSession s = SecureSession.builder().tool(hang).build()) {
            s.execute("kept <- 'yes'");
            ExecutionTimeoutException e = assertThrows(ExecutionTimeoutException.class, () -> s.execute("hang()", timeout(700)));
            assertFalse(e.sessionRestarted());
            assertEquals("yes", s.execute("kept").value().asText());
        }
    }

    @Test
    void toolCallLimitHoldsEvenWhenRCatchesTheError() {
        try (SecureSession s = SecureSession.builder().tool(RTestSupport.add()).build()) {
            ExecuteOptions three = ExecuteOptions.builder().maxToolCalls(3).build();
            ToolCallLimitException e = assertThrows(ToolCallLimitException.class,
                    () -> s.execute("for (i in 1:5) add(1, 1)", three));
            assertEquals("tool call limit exceeded: at most 3 tool call(s) per execution", e.getMessage());
            assertThrows(ToolCallLimitException.class, () -> s.execute("for (i in 1:5) try(add(1, 1), silent = TRUE)", three));
            assertEquals(3, s.execute("for (i in 1:2) x <- add(1, 1); add(1, 2)", three).value().asInt());
        }
    }

    @Test
    void rejectionsRunNothing() {
        try (SecureSession s = SecureSession.builder().maxExecutions(3)
                .preExecuteHook(code -> !code.contains("forbidden")).build()) {
            ExecuteOptions shortCode = ExecuteOptions.builder().maxCodeLength(10).build();
            assertEquals("code is 11 characters long; the limit is 10",
                    assertThrows(ExecutionRejectedException.class, () -> s.execute("x <- 123456", shortCode)).getMessage());
            assertEquals("code rejected by the preExecuteHook",
                    assertThrows(ExecutionRejectedException.class, () -> s.execute("forbidden()")).getMessage());
            s.execute("1");
            s.execute("2");
            s.execute("3");
            assertEquals("session reached its limit of 3 executions",
                    assertThrows(ExecutionRejectedException.class, () -> s.execute("4")).getMessage());
        }
    }

    @Test
    void quitInUserCodeRestartsTheChild() {
        try (SecureSession s = SecureSession.builder().build()) {
            RExecutionException e = assertThrows(RExecutionException.class, () -> s.execute("quit(status = 7)"));
            assertTrue(e.getMessage().startsWith("R error: the R process exited during execution"), e.getMessage());
            assertEquals(2, s.execute("1 + 1").value().asInt());
        }
    }

    @Test
    void restartClearsStateButKeepsTools() {
        try (SecureSession s = SecureSession.builder().tool(RTestSupport.add()).build()) {
            s.execute("gone_after_restart <- 1");
            s.restart();
            assertFalse(s.execute("exists('gone_after_restart')").value().asBoolean());
            assertEquals(3, s.execute("add(1, 2)").value().asInt());
        }
    }

    @Test
    void closeIsIdempotentAndLeavesNothing() throws Exception {
        SecureSession s = SecureSession.builder().build();
        long pid = RTestSupport.rPid(s);
        Path dir = Path.of(s.execute("getwd()").value().asText());
        assertTrue(Files.isDirectory(dir));
        s.close();
        s.close();
        assertFalse(s.isAlive());
        assertTrue(RTestSupport.gone(pid, Duration.ofSeconds(10)));
        assertFalse(Files.exists(dir), "session dir must be removed");
        assertThrows(SessionClosedException.class, () -> s.execute("1"));
        assertTrue(s.toString().startsWith("SecureSession[closed"), s.toString());
    }

    @Test
    void closeFromAnotherThreadEndsARunningExecution() throws Exception {
        SecureSession s = SecureSession.builder().build();
        long pid = RTestSupport.rPid(s);
        Thread closer = new Thread(s::close, "test-closer");
        java.util.concurrent.atomic.AtomicBoolean once = new java.util.concurrent.atomic.AtomicBoolean();
        List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        ExecuteOptions opts = ExecuteOptions.builder().outputHandler(line -> {
            seen.add(line);
            if (once.compareAndSet(false, true)) {
                closer.start();
            }
        }).build();
        assertThrows(SessionClosedException.class, () -> s.execute("cat('started\\n'); Sys.sleep(30)", opts));
        closer.join(10_000);
        assertEquals(List.of("started"), seen);
        assertTrue(RTestSupport.gone(pid, Duration.ofSeconds(10)));
    }

    @Test
    void droppedSessionIsCleanedByTheCleaner() throws Exception {
        long pid = startAndDrop();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) && System.nanoTime() < end) {
            System.gc();
            RTestSupport.gone(pid, Duration.ofMillis(200));
        }
        assertTrue(RTestSupport.gone(pid, Duration.ofSeconds(1)), "an unreachable session's child must be killed");
    }

    private static long startAndDrop() {
        SecureSession s = SecureSession.builder().build();
        return RTestSupport.rPid(s);
    }

    @Test
    void childExitsWhenTheHostJvmIsKilled() throws Exception {
        for (boolean sandbox : new boolean[] {false, true}) {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Process host = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                    HostJvmMain.class.getName(), Boolean.toString(sandbox)).redirectErrorStream(true).start();
            try {
                BufferedReader r = new BufferedReader(new InputStreamReader(host.getInputStream(), StandardCharsets.UTF_8));
                String line;
                boolean busy = false;
                while (!busy && (line = r.readLine()) != null) {
                    busy = line.equals("BUSY");
                }
                assertTrue(busy, "host JVM did not report a busy child");
                List<ProcessHandle> tree = host.descendants().toList();
                assertFalse(tree.isEmpty());
                // A sandboxed child (default limits) sits in a memory cgroup named after its JVM.
                Path cgroups = io.securer.engine.sandbox.MemoryCgroupProbe.probe().parent();
                assertEquals(sandbox, !cgroupsOwnedBy(cgroups, host.pid()).isEmpty(), "memory cgroup of the host JVM");
                host.destroyForcibly();
                assertTrue(host.waitFor(10, TimeUnit.SECONDS));
                for (ProcessHandle h : tree) {
                    assertTrue(RTestSupport.gone(h.pid(), Duration.ofSeconds(15)),
                            "child " + h.pid() + " (" + h.info().command().orElse("?") + ") outlived the killed JVM, sandbox=" + sandbox);
                }
                // The killed JVM could not remove its session dir; the next sweep does.
                io.securer.engine.StaleSessionDirs.sweep(Path.of(System.getProperty("java.io.tmpdir")));
                assertTrue(sessionDirs().stream().noneMatch(d -> ownedBy(d, host.pid())), "killed JVM's session dir remains");
                // ... and its memory cgroup: the next JVM to start a session removes it, as here.
                io.securer.engine.sandbox.MemoryCgroup.sweep(cgroups);
                assertEquals(List.of(), cgroupsOwnedBy(cgroups, host.pid()), "killed JVM's memory cgroup remains");
            } finally {
                host.destroyForcibly();
            }
        }
    }

    private static List<Path> sessionDirs() throws java.io.IOException {
        try (java.util.stream.Stream<Path> s = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return s.filter(p -> p.getFileName().toString().startsWith("securer-")).toList();
        }
    }

    private static List<Path> cgroupsOwnedBy(Path parent, long pid) throws java.io.IOException {
        if (!Files.isDirectory(parent)) {
            return List.of();
        }
        try (java.util.stream.Stream<Path> s = Files.list(parent)) {
            return s.filter(p -> p.getFileName().toString().contains(".owner-" + pid + "-")).toList();
        }
    }

    private static boolean ownedBy(Path dir, long pid) {
        try {
            return Files.readString(dir.resolve("owner")).startsWith(pid + " ");
        } catch (java.io.IOException e) {
            return false;
        }
    }

    /** Runs in a separate JVM: starts a session busy in a loop, reports the R pid, then waits to be killed. */
    public static final class HostJvmMain {
        public static void main(String[] args) throws Exception {
            SecureSession s = SecureSession.builder().sandbox(Boolean.parseBoolean(args[0])).build();
            // Keep R busy computing (not reading the socket) while the JVM dies.
            s.execute("cat('busy\\n'); repeat {}", ExecuteOptions.builder().timeout(Duration.ofMinutes(5))
                    .outputHandler(l -> {
                        System.out.println("BUSY");
                        System.out.flush();
                    }).build());
        }
    }
}
