package io.securer.engine.sandbox;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Runs the real bubblewrap on this machine. A missing bwrap is a failure naming the install
 * command, never a skip. Checks are made from inside the sandbox, not by reading the argv.
 */
class BubblewrapProbeIT {

    private Path sessionDir;
    private LaunchPlan plan;
    private MemoryCgroup cgroup;

    @BeforeEach
    void planARealSandbox() throws IOException {
        if (BubblewrapProbe.locate().isEmpty()) {
            fail(BubblewrapProbe.NOT_FOUND);
        }
        sessionDir = Files.createTempDirectory("securer-it",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        RInstallation r = new RInstallation(Path.of("/usr/lib/R"), Path.of("/usr/lib/R/bin/exec/R"),
                Map.of("R_HOME", "/usr/lib/R"), List.of(Path.of("/usr/lib/R/library")));
        plan = SandboxPlanner.plan(new LaunchRequest(true, true, TestLimits.DEFAULTS, sessionDir, r,
                System.getenv(), OperatingSystem.LINUX));
        if (plan.childUid().isPresent()) {
            // What the core does: the session directory belongs to the child's host uid.
            Files.setAttribute(sessionDir, "unix:uid", plan.childUid().getAsInt());
        }
        // ... and it writes the files the command reads (the seccomp program, bwrap's options).
        assertEquals(List.of(SeccompFilter.FILE_NAME, "bwrap.args"), plan.files().stream().map(LaunchFile::name).toList());
        for (LaunchFile f : plan.files()) {
            Files.write(sessionDir.resolve(f.name()), f.content());
        }
        // ... and, as root (CI), it makes the memory cgroup the launch wrapper moves into.
        assertEquals(MemoryEnforcement.CGROUP, plan.memory().enforcement(), plan.memory().toString());
        cgroup = MemoryCgroup.create(plan.memory().cgroup());
    }

    @AfterEach
    void removeSessionDir() throws IOException {
        if (cgroup != null) {
            cgroup.close();
            assertFalse(Files.exists(plan.memory().cgroup().dir()));
        }
        if (sessionDir != null) {
            Files.deleteIfExists(sessionDir.resolve("runtime.R"));
            for (LaunchFile f : plan.files()) {
                Files.deleteIfExists(sessionDir.resolve(f.name()));
            }
            Files.deleteIfExists(sessionDir);
        }
    }

    @Test
    void probeSaysBubblewrapWorksHere() {
        ProbeResult result = BubblewrapProbe.probe();
        assertTrue(result.available(), result.reason());
        assertEquals(Isolation.BUBBLEWRAP, plan.mode());
        // Debian 12's bubblewrap 0.8 understands every option securer uses.
        assertEquals(BubblewrapFeatures.ALL, result.features());
        assertEquals(BubblewrapFeatures.ALL, BubblewrapProbe.features(java.nio.file.Path.of("/usr/bin/bwrap")));
    }

    @Test
    void childIsNobodyWithoutCapabilitiesPasswdOrHostSecrets() throws Exception {
        assertEquals("65534", run(sandboxPrefix(), "/usr/bin/id", "-u").output.strip());

        Result passwd = run(sandboxPrefix(), "/usr/bin/cat", "/etc/passwd");
        assertNotEquals(0, passwd.exit);
        assertTrue(passwd.output.contains("No such file or directory"), passwd.output);

        String status = run(sandboxPrefix(), "/usr/bin/cat", "/proc/self/status").output;
        assertTrue(status.contains("\nCapEff:\t0000000000000000\n"), status);
        assertTrue(status.contains("\nUid:\t65534\t65534\t65534\t65534\n"), status);

        // Failsafe puts a fake OPENAI_API_KEY into this JVM's environment.
        String env = run(sandboxPrefix(), "/usr/bin/env").output;
        assertFalse(env.contains("OPENAI_API_KEY"), env);
        assertTrue(env.contains("HOME=/tmp\n"), env);

        Result write = run(sandboxPrefix(), "/usr/bin/touch", "/run/securer/x");
        assertNotEquals(0, write.exit, write.output);
    }

    @Test
    void limitsHoldInsideTheSandbox() throws Exception {
        // The plan minus R's own command line: setpriv, bwrap and prlimit exactly as planned.
        List<String> withoutR = plan.command().subList(0, plan.command().size() - 6);
        String limits = run(withoutR, "/usr/bin/cat", "/proc/self/limits").output;
        assertTrue(limits.matches("(?s).*Max cpu time\\s+60\\s+60\\s+seconds.*"), limits);
        assertTrue(limits.matches("(?s).*Max processes\\s+50\\s+50\\s+processes.*"), limits);
        assertTrue(limits.matches("(?s).*Max open files\\s+256\\s+256\\s+files.*"), limits);
        // Four times the 1 GiB memory limit: the cgroup caps memory, the address space is a backstop.
        assertTrue(limits.matches("(?s).*Max address space\\s+4294967296\\s+4294967296\\s+bytes.*"), limits);
        assertTrue(limits.matches("(?s).*Max file size\\s+52428800\\s+52428800\\s+bytes.*"), limits);

        String df = run(withoutR, "/usr/bin/df", "-B1", "--output=size", "/tmp").output;
        assertTrue(df.contains("268435456"), df);
    }

    @Test
    void theCompletePlanStartsRInsideTheSandbox() throws Exception {
        Files.writeString(sessionDir.resolve("runtime.R"), String.join("\n",
                "cat('uid=', system('id -u', intern = TRUE), '\\n', sep = '')",
                "cat('key=', Sys.getenv('OPENAI_API_KEY', 'unset'), '\\n', sep = '')",
                "cat('passwd=', file.exists('/etc/passwd'), '\\n', sep = '')",
                "cat('home=', path.expand('~'), '\\n', sep = '')",
                ""));
        Result r = run(plan.command());
        assertEquals(0, r.exit, r.output);
        assertEquals("uid=65534\nkey=unset\npasswd=FALSE\nhome=/tmp\n", r.output);
    }

    /** setpriv (when root) and bwrap up to its closing "--". */
    private List<String> sandboxPrefix() {
        List<String> command = plan.command();
        int bwrap = command.indexOf(BubblewrapCommand.DEFAULT_BWRAP.toString());
        assertTrue(bwrap >= 0, command.toString());
        int end = command.subList(bwrap, command.size()).indexOf("--") + bwrap;
        return command.subList(0, end + 1);
    }

    private record Result(int exit, String output) {
    }

    private Result run(List<String> prefix, String... inside) throws Exception {
        List<String> command = new ArrayList<>(prefix);
        command.addAll(List.of(inside));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().clear();
        pb.environment().putAll(plan.environment());
        Process p = pb.start();
        try {
            p.getOutputStream().close();
            // Output is small; reading to EOF before waiting cannot deadlock.
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                fail("sandboxed command did not finish in 10 s: " + command);
            }
            return new Result(p.exitValue(), out);
        } finally {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
    }
}
