package io.securer.security;

import static io.securer.security.SecurityFixtures.environOf;
import static io.securer.security.SecurityFixtures.names;
import static io.securer.security.SecurityFixtures.rError;
import static io.securer.security.SecurityFixtures.string;
import static io.securer.security.SecurityFixtures.strings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.securer.RExecutionException;
import io.securer.SecureSession;
import java.io.IOException;
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
 * Hostile R code hunts for the host's secrets and the IPC token, tries a second connection to the
 * socket, looks at and signals host processes, and tries to gain privileges.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecretsAndProcessesAttackIT {
    /** /proc/self/environ of the R process: exactly what the host's allowlist passes, plus the PWD bwrap sets. */
    static final Set<String> PROCESS_ENV = Set.of("HOME", "LANG", "LD_LIBRARY_PATH", "PATH", "PWD", "R_DOC_DIR",
            "R_ENABLE_JIT", "R_HOME", "R_INCLUDE_DIR", "R_SHARE_DIR", "TMPDIR", "TZ");
    /** Sys.getenv(): the above plus what R's own start-up (R_HOME/etc/Renviron, ldpaths) sets. */
    static final Set<String> R_ENV = new TreeSet<>(List.of("EDITOR", "HOME", "LANG", "LD_LIBRARY_PATH", "LN_S", "MAKE",
            "PAGER", "PATH", "PWD", "R_BROWSER", "R_BZIPCMD", "R_DOC_DIR", "R_ENABLE_JIT", "R_GZIPCMD", "R_HOME", "R_INCLUDE_DIR",
            "R_LIBS_SITE", "R_LIBS_USER", "R_PAPERSIZE", "R_PAPERSIZE_USER", "R_PDFVIEWER", "R_PLATFORM", "R_PRINTCMD",
            "R_RD4PDF", "R_SESSION_TMPDIR", "R_SHARE_DIR", "R_STRIP_SHARED_LIB", "R_STRIP_STATIC_LIB", "R_SYSTEM_ABI",
            "R_TEXI2DVICMD", "R_UNZIPCMD", "R_ZIPCMD", "SED", "TAR", "TMPDIR", "TZ"));

    private SecureSession s;

    @BeforeAll
    void start() {
        SecurityFixtures.requireHostSecret();
        s = SecurityFixtures.sandboxed();
    }

    @AfterAll
    void stop() {
        if (s != null) {
            s.close();
        }
    }

    @Test
    void hostSecretIsInvisible() {
        assertEquals("", string(s, "Sys.getenv('OPENAI_API_KEY')"));
        assertEquals(new TreeSet<>(R_ENV), new TreeSet<>(strings(s, "names(Sys.getenv())")));
        List<String> self = strings(s, environOf("self"));
        assertEquals(PROCESS_ENV, names(self));
        List<String> init = strings(s, environOf("1"));
        assertEquals(new TreeSet<>(PROCESS_ENV.stream().filter(n -> !n.equals("PWD")).toList()), new TreeSet<>(names(init)));
        for (String kv : Stream.concat(self.stream(), init.stream()).toList()) {
            assertFalse(kv.contains("sk-securer"), kv);
        }
        assertEquals("", string(s, "paste(system('env | grep -c OPENAI', intern = TRUE), collapse = '')")
                .replace("0", ""));
    }

    @Test
    void ipcTokenIsNowhereInTheChild() {
        assertEquals("/usr/lib/R/bin/exec/R --vanilla --slave --no-readline -f /run/securer/runtime.R ",
                string(s, "local({ x <- readBin('/proc/self/cmdline', 'raw', 1e5); x[x == 0] <- as.raw(32); rawToChar(x) })"));
        // The socket file was unlinked once the runtime connected; what remains is the bootstrap
        // script, the runtime it runs, the owner marker (host JVM pid and start time, for
        // stale-dir sweeps), work/ (R's working directory when unsandboxed; empty here) and the
        // FIFO data frames leave R through (BulkPipeAttackIT).
        assertEquals(List.of("bulk.fifo", "owner", "runtime-main.R", "runtime.R", "work"), strings(s, "list.files('/run/securer', all.files = TRUE, no.. = TRUE)"));
        assertEquals(List.of("FALSE"), strings(s, "as.character(any(grepl('[0-9a-f]{64}', "
                + "c(readLines('/run/securer/owner', warn = FALSE), readLines('/run/securer/runtime.R'), readLines('/run/securer/runtime-main.R')))))"));
        // No binding called token, and no 64-hex-digit string, anywhere reachable from the tool
        // functions: their formals, bodies and environments, every binding of those environments
        // and of their parents (short of the global and package environments), lists and calls.
        assertEquals(List.of("TRUE"), strings(s, AttackSnippets.TOKEN_HUNT));
        assertEquals(List.of("FALSE"), strings(s, "as.character(any(grepl('[0-9a-f]{64}', "
                + environOf("self") + ")))"));
        // stdin brought the token and stays open as the bulk data channel; the runtime read the
        // token off it before running any code, so there is nothing of it left to read (not
        // tested by reading: a read of the empty pipe would wait for the host's next transfer).
        // What R's memory still holds is knownLimitTheUsedTokenStaysInRsMemory's business.
    }

    /**
     * Recorded, not prevented: the runtime drops its binding to the token once hello is sent, but
     * R frees memory only when it needs it again and never clears it, and a process may read its
     * own memory through /proc/self/mem. The token is of no use any more: the host accepted its
     * one connection, closed the listener and unlinked the socket file
     * (aSecondConnectionToTheSocketIsRefused).
     */
    @Test
    void knownLimitTheUsedTokenStaysInRsMemory() {
        try (SecureSession fresh = SecurityFixtures.sandboxed()) {
            List<String> found = strings(fresh, "local({ con <- file('/proc/self/mem', 'rb'); on.exit(close(con)); "
                    + "found <- character(); step <- 2^24; "
                    + "for (m in grep(' rw.p ', readLines('/proc/self/maps'), value = TRUE)) { "
                    + "  r <- as.numeric(paste0('0x', strsplit(sub(' .*', '', m), '-')[[1]])); "
                    + "  for (at in seq(r[1], r[2] - 1, by = step)) { "
                    // chunks overlap by 100 bytes, so that no match is split between two
                    + "    b <- tryCatch({ seek(con, at); readBin(con, 'raw', min(step + 100, r[2] - at)) }, error = function(e) raw()); "
                    + "    found <- c(found, vapply(grepRaw('\"token\":\"[0-9a-f]{64}\"', b, all = TRUE, value = TRUE), rawToChar, '')) } }; "
                    + "unique(found) })");
            assertEquals(1, found.size(), found.toString());
            assertTrue(found.get(0).matches("\"token\":\"[0-9a-f]{64}\""), found.get(0));
        }
    }

    @Test
    void aSecondConnectionToTheSocketIsRefused() throws IOException {
        RExecutionException e = rError(s, "processx::conn_connect_unix_socket('/run/securer/ipc.sock')");
        assertTrue(e.rMessage().contains("processx_connection_connect_socket"), e.rMessage());
        // From the host, while the session is idle. The child's /proc/net/unix names the host path
        // the runtime connected to, which identifies this session's directory exactly.
        Path sock = SecurityFixtures.assertTheSocketTakesNoSecondPeer(s);
        assertTrue(sock.startsWith(System.getProperty("java.io.tmpdir")) && sock.toString().endsWith("/ipc.sock"), sock.toString());
        assertTrue(Files.isDirectory(sock.getParent()), "the live session's directory exists: " + sock.getParent());
        assertEquals(2, s.execute("add(1, 1)").value().asInt());
    }

    @Test
    void hostProcessesAreInvisibleAndUnkillable() throws Exception {
        long jvm = ProcessHandle.current().pid();
        Process victim = SecurityFixtures.sacrificialHostProcess();
        try {
            assertEquals(List.of("1", "2"), strings(s, "sort(as.integer(" + SecurityFixtures.visiblePids() + "))"));
            assertEquals(2, s.execute("Sys.getpid()").value().asInt());
            for (long pid : List.of(jvm, victim.pid())) {
                assertEquals(false, s.execute("file.exists('/proc/" + pid + "')").value().asBoolean());
                assertEquals(false, s.execute("tools::pskill(" + pid + ", tools::SIGKILL)").value().asBoolean());
                assertEquals(List.of("sh: 1: kill: No such process", ""),
                        strings(s, "system('kill -9 " + pid + " 2>&1', intern = TRUE)"));
            }
            // Signalling "everything" (-1) reaches only the sandbox's own processes, R included:
            // the child kills itself, the host notices and restarts it.
            RExecutionException suicide = rError(s, "system('kill -9 -1 2>/dev/null; true')");
            assertTrue(suicide.rMessage().startsWith("the R process exited during execution"), suicide.rMessage());
            assertTrue(victim.isAlive(), "host process survived");
            assertTrue(ProcessHandle.current().isAlive());
            assertEquals(2, s.execute("1 + 1").value().asInt());
        } finally {
            victim.destroyForcibly();
            victim.waitFor();
        }
    }

    @Test
    void childIsNobodyWithoutCapabilitiesAndNoNewPrivs() {
        List<String> status = strings(s,
                "grep('^(Uid|Gid|Groups|Cap|NoNewPrivs|Seccomp)', readLines('/proc/self/status'), value = TRUE)");
        // A root host clears the supplementary groups (setpriv) before bwrap starts. A non-root
        // host user keeps its own, since a user namespace refuses setgroups: each shows as 65534
        // (its own gid is mapped there, the others are not mapped and show as the overflow gid).
        String groups = SecurityFixtures.jvmIsRoot() ? ""
                : String.join(" ", java.util.Collections.nCopies(SecurityFixtures.jvmStatus("Groups:").size(), "65534"));
        assertEquals(List.of("Uid:\t65534\t65534\t65534\t65534", "Gid:\t65534\t65534\t65534\t65534", "Groups:\t" + groups + " ",
                "CapInh:\t0000000000000000", "CapPrm:\t0000000000000000", "CapEff:\t0000000000000000",
                "CapBnd:\t0000000000000000", "CapAmb:\t0000000000000000", "NoNewPrivs:\t1",
                // Recorded, not promised: bubblewrap installs no seccomp filter unless asked to.
                "Seccomp:\t2", "Seccomp_filters:\t1"), status);
        assertEquals("65534", string(s, "system('id -u', intern = TRUE)"));
        assertEquals("sandbox", string(s, "unname(Sys.info()['nodename'])"));
    }

    @Test
    void shellAndProcessxRunInsideTheSandboxOnly() {
        List<String> shadow = strings(s, "system2('cat', '/etc/shadow', stdout = TRUE, stderr = TRUE)");
        assertEquals(List.of("cat: /etc/shadow: No such file or directory"), shadow);
        assertEquals(1, s.execute("attr(suppressWarnings(system2('cat', '/etc/shadow', stdout = TRUE, stderr = TRUE)), 'status')")
                .value().asInt());
        RExecutionException e = rError(s, "processx::run('ls', '/root')");
        assertTrue(e.rMessage().contains("System command 'ls' failed"), e.rMessage());
        assertEquals("2", string(s, "as.character(processx::run('ls', '/root', error_on_status = FALSE)$status)"));
    }

    @Test
    void setuidBinariesGiveNoPrivilege() {
        // The setuid bits are still on disk ...
        assertEquals("-rwsr-xr-x", string(s, "substr(system('ls -l /usr/bin/su', intern = TRUE), 1, 10)"));
        // ... but no_new_privs and the user namespace make them run as nobody.
        assertEquals(List.of("su: user root does not exist or the user entry does not contain all the required fields",
                "rc=1"), strings(s, "system('su -c id root 2>&1 </dev/null; echo rc=$?', intern = TRUE)"));
        assertEquals(List.of("passwd: Cannot determine your user name.", "rc=1"),
                strings(s, "system('passwd 2>&1 </dev/null; echo rc=$?', intern = TRUE)"));
        assertEquals(List.of("newgrp: Cannot determine your user name.", "rc=1"),
                strings(s, "system('newgrp 2>&1 </dev/null; echo rc=$?', intern = TRUE)"));
        List<String> mount = strings(s, "system('mount -t tmpfs none /tmp 2>&1; echo rc=$?', intern = TRUE)");
        assertEquals("mount: /tmp: must be superuser to use mount.", mount.get(0));
        assertEquals("rc=32", mount.get(mount.size() - 1));
        // Nested user namespaces are disabled (--disable-userns): no way to become "root" inside.
        List<String> unshare = strings(s, "system('unshare -r id -u 2>&1; echo rc=$?', intern = TRUE)");
        assertEquals("rc=1", unshare.get(unshare.size() - 1), unshare.toString());
    }
}
