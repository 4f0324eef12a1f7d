package io.securer.security;

import static io.securer.security.SecurityFixtures.environOf;
import static io.securer.security.SecurityFixtures.names;
import static io.securer.security.SecurityFixtures.rError;
import static io.securer.security.SecurityFixtures.string;
import static io.securer.security.SecurityFixtures.strings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.securer.RExecutionException;
import io.securer.SecureSession;
import io.securer.container.ContainerFixtures;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The adversarial checks of the bubblewrap suites, run against the container backend (podman,
 * a root directory from {@link ContainerFixtures}, default limits) wherever they apply: host files,
 * writes, network, secrets, the token, processes, privileges and system calls, all seen from R
 * inside the container.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ContainerAttackIT {
    /** What podman passes (exactly what securer asks for, plus HOSTNAME, which podman always adds). */
    static final List<String> INIT_ENV = List.of("HOME=/tmp", "LANG=C.UTF-8", "PATH=/usr/local/bin:/usr/bin:/bin",
            "R_ENABLE_JIT=0", "TMPDIR=/tmp", "TZ=UTC", "HOSTNAME=sandbox");
    /** Sys.getenv(): the above plus what R's wrapper script and start-up (Renviron, ldpaths) set. */
    static final Set<String> R_ENV = new TreeSet<>(List.of("EDITOR", "HOME", "HOSTNAME", "LANG", "LD_LIBRARY_PATH",
            "LN_S", "MAKE", "PAGER", "PATH", "PWD", "R_ARCH", "R_BROWSER", "R_BZIPCMD", "R_DOC_DIR", "R_ENABLE_JIT",
            "R_ENVIRON", "R_ENVIRON_USER", "R_GZIPCMD", "R_HOME", "R_INCLUDE_DIR", "R_LIBS_SITE", "R_LIBS_USER",
            "R_PAPERSIZE", "R_PAPERSIZE_USER", "R_PDFVIEWER", "R_PLATFORM", "R_PRINTCMD", "R_PROFILE", "R_PROFILE_USER",
            "R_RD4PDF", "R_SESSION_TMPDIR", "R_SHARE_DIR", "R_STRIP_SHARED_LIB", "R_STRIP_STATIC_LIB", "R_SYSTEM_ABI",
            "R_TEXI2DVICMD", "R_UNZIPCMD", "R_ZIPCMD", "SED", "SHLVL", "TAR", "TMPDIR", "TZ"));

    private Path rootfs;
    private SecureSession s;

    @BeforeAll
    void start() throws IOException {
        ContainerFixtures.requirePodman();
        SecurityFixtures.requireHostSecret();
        rootfs = ContainerFixtures.buildRootfs(Path.of(System.getProperty("java.io.tmpdir")));
        s = ContainerFixtures.session(SecureSession.builder().tool(SecurityFixtures.add()), ContainerFixtures.sandbox(rootfs));
    }

    @AfterAll
    void stop() throws IOException {
        try {
            if (s != null) {
                s.close();
            }
        } finally {
            try {
                ContainerFixtures.removeLeftovers();
            } finally {
                ContainerFixtures.deleteTree(rootfs);
            }
        }
    }

    @Test
    void hostFilesAndTheCheckoutAreNotEvenVisible() {
        Path pom = Path.of("pom.xml").toAbsolutePath();
        assertTrue(Files.exists(pom), "host checkout file " + pom);
        Path ssh = Path.of(System.getProperty("user.home"), ".ssh");
        assertEquals(List.of("false", "false", "false", "false", "false", "false", "false"), strings(s,
                "file.exists(c('/etc/passwd', '/etc/shadow', '/root', '/home', '" + ssh + "', '" + pom + "', '/var/lib'))"));
        assertEquals(List.of("bin", "dev", "etc", "lib", "lib64", "proc", "run", "sbin", "sys", "tmp", "usr", "var"),
                strings(s, "list.files('/', all.files = TRUE, no.. = TRUE)"));
        assertEquals(List.of("alternatives", "fonts", "hostname", "ld.so.cache", "ld.so.conf", "ld.so.conf.d",
                "localtime", "mtab", "R"), strings(s, "list.files('/etc', all.files = TRUE, no.. = TRUE)"));
        assertEquals(List.of("cat: /etc/shadow: No such file or directory"),
                strings(s, "suppressWarnings(system2('cat', '/etc/shadow', stdout = TRUE, stderr = TRUE))"));
    }

    @Test
    void everythingButTmpIsReadOnly() {
        assertEquals(List.of("/x: Read-only file system", "/etc/x: Read-only file system", "/usr/x: Read-only file system",
                "/run/securer/x: Read-only file system", "/var/x: Read-only file system", "/run/x: Read-only file system",
                "/dev/x: Permission denied"), strings(s, "unlist(lapply(c('/x', '/etc/x', '/usr/x', '/run/securer/x', "
                + "'/var/x', '/run/x', '/dev/x'), function(p) tryCatch({ writeLines('a', p); paste(p, 'written') }, "
                + "warning = function(w) sub(\"^cannot open file '([^']*)': \", '\\\\1: ', conditionMessage(w)))))"));
        assertFalse(s.execute("file.exists('/dev/shm')").value().asBoolean(), "--ipc=none: no /dev/shm");
        assertEquals("ok", string(s, "writeLines('ok', '/tmp/w'); readLines('/tmp/w')"));
    }

    @Test
    void tmpIsATmpfsCappedAt256MiB() {
        assertEquals("/tmp rw,nosuid,nodev,relatime - tmpfs tmpfs rw,size=262144k",
                string(s, "sub('^[0-9]+ [0-9]+ [0-9:]+ / ', '', grep(' /tmp ', readLines('/proc/self/mountinfo'), value = TRUE))"));
        // Six 45 MiB files (each under the 50 MiB file-size limit): the sixth hits the cap.
        try {
            assertEquals(List.of("failed6", "262144 262144 0 100%"), strings(s, "x <- system('for i in 1 2 3 4 5 6; do "
                    + "head -c 47185920 /dev/zero > /tmp/f$i 2>/dev/null || echo failed$i; done; "
                    + "df -k /tmp | tail -1', intern = TRUE); c(x[1], paste(strsplit(x[2], ' +')[[1]][2:5], collapse = ' '))"));
            long written = s.execute("sum(file.size(Sys.glob('/tmp/f?')))").value().asLong();
            assertTrue(written <= 256L << 20 && written > 255L << 20, "bytes in /tmp: " + written);
        } finally {
            s.execute("unlink(Sys.glob('/tmp/f?'))");
        }
    }

    @Test
    void tcpToAHostLoopbackPortFailsAndTheHostAcceptsNothing() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            int port = server.getLocalPort();
            RExecutionException e = rError(s, "socketConnection(host = '127.0.0.1', port = " + port
                    + ", timeout = 2, open = 'r+b')");
            assertEquals("cannot open the connection", e.rMessage());
            String call = string(s, "deparse(quote(socketConnection(host = '127.0.0.1', port = " + port
                    + ", timeout = 2, open = 'r+b')))[1]");
            assertEquals(List.of("Error in " + call + " : ", "  cannot open the connection", "In addition: Warning message:",
                    "In " + call + " :", "  127.0.0.1:" + port + " cannot be opened"), e.console());
            server.setSoTimeout(200);
            assertThrows(SocketTimeoutException.class, server::accept, "the host socket must never accept a peer");
        }
        assertEquals("cannot open the connection",
                rError(s, "socketConnection(host = '1.1.1.1', port = 53, timeout = 2)").rMessage());
        assertTrue(s.execute("suppressWarnings(utils::nsl('example.com'))").value().isNull());
    }

    @Test
    void abstractUnixSocketsOfTheHostAreUnreachable() throws Exception {
        String name = "securer-ctr-it-" + ProcessHandle.current().pid();
        try (var server = org.newsclub.net.unix.AFUNIXServerSocket.newInstance()) {
            var got = SecurityFixtures.abstractListener(server, name);
            assertEquals(List.of("refused/111"), strings(s, SecurityFixtures.connectAbstract(name)));
            assertEquals("nobody connected", got.get(10, java.util.concurrent.TimeUnit.SECONDS));
        }
    }

    @Test
    void onlyLoopbackExistsAndNoHostSocketsAreVisible() {
        assertEquals(List.of("lo"), strings(s, "list.files('/sys/class/net')"));
        for (String table : List.of("tcp", "tcp6", "udp", "udp6")) {
            assertEquals(List.of(), strings(s, "readLines('/proc/net/" + table + "')[-1]"), "/proc/net/" + table);
        }
        assertEquals(2, strings(s, "readLines('/proc/net/unix')[-1]").size(), "only the session's own socket pair");
    }

    @Test
    void hostSecretIsInvisible() {
        assertEquals("", string(s, "Sys.getenv('OPENAI_API_KEY')"));
        assertEquals(R_ENV, new TreeSet<>(strings(s, "names(Sys.getenv())")));
        assertEquals(new TreeSet<>(INIT_ENV), new TreeSet<>(strings(s, environOf("1"))));
        List<String> self = strings(s, environOf("self"));
        assertFalse(names(self).contains("OPENAI_API_KEY"));
        for (String kv : Stream.concat(self.stream(), INIT_ENV.stream()).toList()) {
            assertFalse(kv.contains("sk-securer"), kv);
        }
    }

    @Test
    void ipcTokenIsNowhereInTheChild() {
        assertEquals("/usr/lib/R/bin/exec/R --vanilla --slave --no-readline -f /run/securer/runtime.R ",
                string(s, "local({ x <- readBin('/proc/self/cmdline', 'raw', 1e5); x[x == 0] <- as.raw(32); rawToChar(x) })"));
        // The socket and the seccomp profile are gone once R connected; container.id is the CLI's
        // --cidfile (the container's own id, also in /proc/self/cgroup); bulk.fifo is the pipe
        // data frames leave R through (BulkPipeAttackIT).
        assertEquals(List.of("bulk.fifo", "container.id", "owner", "runtime-main.R", "runtime.R", "work"),
                strings(s, "list.files('/run/securer', all.files = TRUE, no.. = TRUE)"));
        assertEquals(List.of("TRUE"), strings(s, AttackSnippets.TOKEN_HUNT));
        assertEquals(List.of("FALSE"), strings(s, "as.character(any(grepl('[0-9a-f]{64}', c(" + environOf("self") + ", "
                + environOf("1") + "))))"));
    }

    @Test
    void aSecondConnectionToTheSocketIsRefused() {
        RExecutionException e = rError(s, "processx::conn_connect_unix_socket('/run/securer/ipc.sock')");
        assertTrue(e.rMessage().contains("Cannot connect to socket (system error 2, No such file or directory)"),
                e.rMessage());
        SecurityFixtures.assertTheSocketTakesNoSecondPeer(s);
        assertEquals(2, s.execute("add(1, 1)").value().asInt());
    }

    @Test
    void hostProcessesAreInvisibleAndUnkillable() throws Exception {
        long jvm = ProcessHandle.current().pid();
        Process victim = SecurityFixtures.sacrificialHostProcess();
        try {
            int rPid = s.execute("Sys.getpid()").value().asInt();
            assertEquals(List.of("1", Integer.toString(rPid)),
                    strings(s, "sort(as.integer(" + SecurityFixtures.visiblePids() + "))"));
            assertEquals("/run/podman-init", string(s, "readLines('/proc/1/cmdline', warn = FALSE)"));
            for (long pid : List.of(jvm, victim.pid())) {
                assertEquals(false, s.execute("file.exists('/proc/" + pid + "')").value().asBoolean());
                assertEquals(false, s.execute("tools::pskill(" + pid + ", tools::SIGKILL)").value().asBoolean());
            }
            // "Everything" (-1) is the container's own processes: R dies, the session restarts.
            RExecutionException suicide = rError(s, "system('kill -9 -1 2>/dev/null; true')");
            assertTrue(suicide.rMessage().startsWith("the R process exited during execution"), suicide.rMessage());
            assertTrue(victim.isAlive(), "host process survived");
            assertEquals(2, s.execute("add(1, 1)").value().asInt());
        } finally {
            victim.destroyForcibly();
            victim.waitFor();
        }
    }

    @Test
    void eachSessionIsItsOwnUnprivilegedUidWithoutCapabilities() {
        List<String> status = strings(s,
                "grep('^(Uid|Gid|Groups|Cap|NoNewPrivs|Seccomp)', readLines('/proc/self/status'), value = TRUE)");
        long uid = Long.parseLong(status.get(0).split("\t")[1]);
        assertTrue(uid >= 1_500_000_000L && uid < 2_000_000_000L, "a fresh uid from securer's range: " + uid);
        String u = Long.toString(uid);
        assertEquals(List.of("Uid:\t" + u + "\t" + u + "\t" + u + "\t" + u, "Gid:\t" + u + "\t" + u + "\t" + u + "\t" + u,
                "Groups:\t" + u + " ", "CapInh:\t0000000000000000", "CapPrm:\t0000000000000000",
                "CapEff:\t0000000000000000", "CapBnd:\t0000000000000000", "CapAmb:\t0000000000000000",
                "NoNewPrivs:\t1", "Seccomp:\t2", "Seccomp_filters:\t1"), status);
        assertEquals("sandbox", string(s, "unname(Sys.info()['nodename'])"));
        try (SecureSession other = ContainerFixtures.session(SecureSession.builder(), ContainerFixtures.sandbox(rootfs))) {
            assertNotEquals(u, string(other, "system('id -u', intern = TRUE)"));
        }
    }

    @Test
    void setuidBinariesAndNestedUserNamespacesGiveNoPrivilege() {
        assertEquals(List.of("su: user root does not exist or the user entry does not contain all the required fields",
                "rc=1"), strings(s, "system('su -c id root 2>&1 </dev/null; echo rc=$?', intern = TRUE)"));
        List<String> mount = strings(s, "system('mount -t tmpfs none /tmp 2>&1; echo rc=$?', intern = TRUE)");
        assertEquals("mount: /tmp: must be superuser to use mount.", mount.get(0));
        assertEquals("rc=32", mount.get(mount.size() - 1));
        // podman's own profile would allow this (measured: "0"); securer's profile refuses it.
        assertEquals(List.of("unshare: unshare failed: Operation not permitted", "rc=1"),
                strings(s, "system('unshare -r id -u 2>&1; echo rc=$?', intern = TRUE)"));
    }

    @Test
    void securersSystemCallDenylistHoldsInTheContainer() {
        assertEquals(List.of("keyctl=-1/1", "io_uring_setup=-1/1", "ptrace=-1/1", "unshare=-1/1", "memfd_create=-1/1",
                "shmget=-1/1", "msgget=-1/1"), strings(s, SecurityFixtures.rawSyscalls("keyctl", "io_uring_setup",
                "ptrace", "unshare", "memfd_create", "shmget", "msgget")));
        // clone(CLONE_NEWUSER | SIGCHLD) fails with EPERM; a foreign-ABI (x32) call kills the caller (SIGSYS).
        assertEquals(List.of("clone=-1/1"), strings(s, SecurityFixtures.perl(
                "$! = 0; my $r = syscall(" + cloneNumber() + ", 0x10000011, 0, 0, 0, 0); print \"clone=$r/\", $! + 0, \"\\n\";")));
        assertEquals(List.of("rc=159"), strings(s, "system(\"perl -e 'syscall(0x40000027)' 2>/dev/null; echo rc=$?\", "
                + "intern = TRUE)"));
        assertEquals("[1,2]", s.execute("unlist(parallel::mclapply(1:2, function(i) i))").value().toString());
    }

    private static int cloneNumber() {
        return "aarch64".equals(System.getProperty("os.arch")) ? 220 : 56;
    }
}
