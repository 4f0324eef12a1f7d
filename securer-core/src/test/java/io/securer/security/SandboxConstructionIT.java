package io.securer.security;

import static io.securer.security.SecurityFixtures.environOf;
import static io.securer.security.SecurityFixtures.perl;
import static io.securer.security.SecurityFixtures.string;
import static io.securer.security.SecurityFixtures.strings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.securer.MemoryLimitMode;
import io.securer.SecureSession;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * What the sandbox tells the code inside about how it was built. bwrap reads its options from a
 * file descriptor ({@code --args 4}), so its command line, which every process in the sandbox can
 * read as {@code /proc/1/cmdline}, names no bind, environment variable or host path; the
 * environment carries no host JVM path. What the kernel still shows (the mount table, kernel and
 * CPU, boot id) is recorded exactly as the documented known leak, and so is the flock channel
 * between sessions that share the same read-only host files (docs/security-model.md, "Known
 * limits").
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SandboxConstructionIT {
    /** R: the NUL-separated argv of a process as one string, each argument followed by a space. */
    static String cmdline(String pid) {
        return "local({ x <- readBin('/proc/" + pid + "/cmdline', 'raw', 1e5); x[x == 0] <- as.raw(32); rawToChar(x) })";
    }

    /** The fields after the optional ones of a mountinfo line: "fstype source super-options". */
    static String afterSeparator(String mountinfoLine) {
        return mountinfoLine.substring(mountinfoLine.indexOf(" - ") + 3);
    }

    /** "fstype source" of a mountinfo line. */
    static String fileSystemAndSource(String mountinfoLine) {
        String[] f = afterSeparator(mountinfoLine).split(" ");
        return f[0] + " " + f[1];
    }

    private SecureSession s;
    private List<String> mountinfo;

    @BeforeAll
    void start() {
        s = SecurityFixtures.sandboxed();
        mountinfo = strings(s, "readLines('/proc/self/mountinfo')");
    }

    @AfterAll
    void stop() {
        if (s != null) {
            s.close();
        }
    }

    /** The line of the sandbox's mount table whose mount point (fifth field) is {@code point}. */
    private String[] mount(String point) {
        return mountinfo.stream().map(l -> l.split(" ")).filter(f -> f[4].equals(point)).findFirst()
                .orElseThrow(() -> new AssertionError("no mount at " + point + " in " + mountinfo));
    }

    private String mountLine(String point) {
        return String.join(" ", mount(point));
    }

    @Test
    void bwrapsCommandLineNamesNoMountEnvironmentOrHostPath() {
        long addressSpace = s.memoryLimitMode() == MemoryLimitMode.CGROUP ? 4L << 30 : 1L << 30;
        assertEquals("/usr/bin/bwrap --args 4 -- /usr/bin/prlimit --cpu=60:60 --as=" + addressSpace + ":" + addressSpace
                        + " --fsize=52428800:52428800 --nproc=50:50 --nofile=256:256 -- "
                        + "/usr/lib/R/bin/exec/R --vanilla --slave --no-readline -f /run/securer/runtime.R ",
                string(s, cmdline("1")));
        for (String pid : List.of("1", "2")) {
            String argv = string(s, cmdline(pid));
            for (String hidden : List.of("--bind", "--ro-bind", "--setenv", "--tmpfs", "--seccomp", "--uid",
                    "/tmp/securer-", System.getProperty("java.io.tmpdir") + "/securer-")) {
                assertFalse(argv.contains(hidden), "pid " + pid + " shows " + hidden + ": " + argv);
            }
        }
        // bwrap read the options file and the seccomp program and closed both: what it keeps open
        // is stdin and the output pipe it hands on, and its own eventfd; no descriptor to re-read.
        assertEquals(List.of("0 pipe", "1 pipe", "2 pipe", "5 anon_inode:[eventfd]"), strings(s,
                "local({ fd <- list.files('/proc/1/fd'); paste(fd, sub('^pipe:\\\\[[0-9]+\\\\]$', 'pipe', "
                        + "Sys.readlink(file.path('/proc/1/fd', fd)))) })"));
    }

    @Test
    void theEnvironmentCarriesNoHostJvmPath() throws Exception {
        String javaHome = System.getProperty("java.home");
        // R's ldpaths on the host appends the JVM's library directory (for rJava) ...
        List<String> hostPath = Arrays.asList(hostRLibraryPath().split(":"));
        assertTrue(hostPath.stream().anyMatch(d -> d.startsWith("/usr/lib/jvm/")), "host R: " + hostPath);
        // ... the sandbox's LD_LIBRARY_PATH is the same list without it.
        assertEquals(hostPath.stream().filter(d -> !d.startsWith("/usr/lib/jvm/")).toList(),
                Arrays.asList(string(s, "Sys.getenv('LD_LIBRARY_PATH')").split(":")));
        List<String> seen = Stream.of(strings(s, environOf("self")), strings(s, environOf("1")),
                strings(s, "paste0(names(Sys.getenv()), '=', Sys.getenv())")).flatMap(List::stream).toList();
        assertEquals(2 * SecretsAndProcessesAttackIT.PROCESS_ENV.size() - 1 + SecretsAndProcessesAttackIT.R_ENV.size(),
                seen.size(), "R's, bwrap's (no PWD) and Sys.getenv()'s variables: " + seen);
        for (String kv : seen) {
            assertFalse(kv.contains("/usr/lib/jvm") || kv.contains(javaHome) || kv.contains("/java"), kv);
        }
    }

    /** LD_LIBRARY_PATH as the host's R sets it for itself (R_HOME/etc/ldpaths). */
    private static String hostRLibraryPath() throws IOException, InterruptedException {
        Process p = new ProcessBuilder("R", "--vanilla", "--slave", "-e", "cat(Sys.getenv('LD_LIBRARY_PATH'))")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        return out;
    }

    /**
     * Recorded, not prevented: the mount table lists every bind with its host source (the session
     * directory's host path, the host's time zone file), the host uid the sandbox runs as (in the
     * tmpfs options) and the host's block device; the kernel shows its release, the CPU model
     * and the boot id; {@code /usr} is bound whole, so the installed JDKs are listable.
     */
    @Test
    void knownLimitTheKernelStillShowsHostDetails() throws Exception {
        assertEquals(List.of("/", "/usr", "/etc/R", "/etc/alternatives", "/etc/ld.so.cache", "/etc/ld.so.conf",
                        "/etc/ld.so.conf.d", "/etc/localtime", "/etc/fonts", "/var/cache/fontconfig", "/proc", "/dev",
                        "/dev/null", "/dev/zero", "/dev/full", "/dev/random", "/dev/urandom", "/dev/tty", "/dev/pts",
                        "/tmp", "/run/securer"),
                mountinfo.stream().map(l -> l.split(" ")[4]).toList());

        // The session directory's host path: the same as the socket's in /proc/net/unix.
        String socket = string(s, "sub('^.* ', '', grep('/ipc.sock$', readLines('/proc/net/unix'), value = TRUE))");
        Path sessionDir = Path.of(socket).getParent();
        assertTrue(sessionDir.getFileName().toString().matches("securer-[0-9]+")
                && sessionDir.getParent().equals(Path.of(System.getProperty("java.io.tmpdir"))), socket);
        String[] run = mount("/run/securer");
        assertEquals(sessionDir.toString(), run[3], mountLine("/run/securer"));
        assertEquals("ro,nosuid,nodev,relatime", run[5]);

        // The host uid bwrap runs as (a fresh one per session when the JVM is root, else the
        // JVM's own), which owns the host session directory, in the options of bwrap's tmpfs mounts.
        String ids = "uid=" + Files.getAttribute(sessionDir, "unix:uid") + ",gid=" + Files.getAttribute(sessionDir, "unix:gid");
        assertEquals("tmpfs tmpfs rw," + ids, afterSeparator(mountLine("/")));
        assertEquals("tmpfs tmpfs rw,mode=755," + ids, afterSeparator(mountLine("/dev")));
        assertEquals("tmpfs tmpfs rw,size=262144k,mode=755," + ids, afterSeparator(mountLine("/tmp")));

        // The host's block device and file system under /usr, as the host's own table has them.
        String[] hostUsr = hostMountOf(Path.of("/usr"));
        assertEquals(hostUsr[2], mount("/usr")[2], "device number");
        assertEquals(fileSystemAndSource(String.join(" ", hostUsr)), fileSystemAndSource(mountLine("/usr")));

        // The host's time zone file behind /etc/localtime.
        assertEquals(Path.of("/etc/localtime").toRealPath().toString(), mount("/etc/localtime")[3]);

        assertEquals(hostFile("/proc/sys/kernel/osrelease"), string(s, "readLines('/proc/sys/kernel/osrelease')"));
        assertEquals(System.getProperty("os.version"), string(s, "unname(Sys.info()[['release']])"));
        assertEquals(hostFile("/proc/sys/kernel/random/boot_id"), string(s, "readLines('/proc/sys/kernel/random/boot_id')"));
        assertEquals(Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name")).toList(),
                strings(s, "grep('^model name', readLines('/proc/cpuinfo'), value = TRUE)"));
        try (Stream<Path> jvms = Files.list(Path.of("/usr/lib/jvm"))) {
            assertEquals(jvms.map(p -> p.getFileName().toString()).sorted().toList(),
                    strings(s, "list.files('/usr/lib/jvm', all.files = TRUE, no.. = TRUE)").stream().sorted().toList());
        }
    }

    private static String hostFile(String path) throws IOException {
        return Files.readString(Path.of(path)).strip();
    }

    /** The host's mountinfo line (split) of the mount that holds {@code path}: the longest mount point above it. */
    private static String[] hostMountOf(Path path) throws IOException {
        String[] best = null;
        for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
            String[] f = line.split(" ");
            if (path.startsWith(Path.of(f[4])) && (best == null || f[4].length() >= best[4].length())) {
                best = f;
            }
        }
        assertTrue(best != null, "no host mount holds " + path);
        return best;
    }

    /**
     * Recorded, not prevented: every sandbox binds the same host files read-only, and flock(2)
     * needs only a descriptor open for reading, so two sessions can signal each other through
     * the lock state of a file both see. Session A takes an exclusive lock on R's Renviron and
     * holds it until it finds R's Makeconf locked; session B waits until it finds Renviron
     * locked, then locks Makeconf until Renviron is free again. Each learns what the other did,
     * with no timing assumption; a sequence of such steps carries any message.
     */
    @Test
    void knownLimitSessionsCanSignalThroughFlockOnSharedFiles() throws Exception {
        String open = "use Fcntl ':flock'; "
                + "open(my $renviron, '<', '/usr/lib/R/etc/Renviron') or die \"renviron: $!\"; "
                + "open(my $makeconf, '<', '/usr/lib/R/etc/Makeconf') or die \"makeconf: $!\"; "
                + "sub held { my $f = shift; if (flock($f, LOCK_EX | LOCK_NB)) { flock($f, LOCK_UN); return 0 } 1 } "
                + "sub wait_until { my $want = shift; for (1 .. 3000) { return 1 if $want->(); "
                + "select(undef, undef, undef, 0.01) } 0 } ";
        String sender = open + "flock($renviron, LOCK_EX) or die \"lock: $!\"; print \"A holds Renviron\\n\"; "
                + "print wait_until(sub { held($makeconf) }) ? \"A: Makeconf is locked\\n\" : \"A: timed out\\n\";";
        String receiver = open + "print wait_until(sub { held($renviron) }) ? \"B: Renviron is locked\\n\" : \"B: timed out\\n\"; "
                + "open(my $locks, '<', '/proc/locks') or die; my @locks = <$locks>; "
                + "print 'B: /proc/locks lists ', scalar(@locks), \" locks\\n\"; "
                + "flock($makeconf, LOCK_EX) or die \"lock: $!\"; "
                + "print wait_until(sub { !held($renviron) }) ? \"B: Renviron is free\\n\" : \"B: timed out\\n\";";
        try (SecureSession a = SecurityFixtures.sandboxed(); SecureSession b = SecurityFixtures.sandboxed()) {
            CompletableFuture<List<String>> sent = CompletableFuture.supplyAsync(() -> strings(a, perl(sender)));
            List<String> received = strings(b, perl(receiver));
            assertEquals(List.of("A holds Renviron", "A: Makeconf is locked"), sent.get(60, TimeUnit.SECONDS));
            // /proc/locks lists only locks of the sandbox's own processes: A's is not in it, and
            // still conflicts.
            assertEquals(List.of("B: Renviron is locked", "B: /proc/locks lists 0 locks", "B: Renviron is free"), received);
        }
    }
}
