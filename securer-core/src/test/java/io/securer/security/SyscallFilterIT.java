package io.securer.security;

import static io.securer.security.SecurityFixtures.rawSyscalls;
import static io.securer.security.SecurityFixtures.strings;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.securer.SecureSession;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The seccomp layer, attacked from inside the sandbox: raw system calls (made through perl, so
 * neither R nor libc is in the way) that the other layers leave reachable or refuse only deep in
 * the kernel. Without the filter, keyctl and io_uring_setup succeed in the sandbox and unshare
 * fails with ENOSPC (the namespace limit); with it, every one fails at the door with EPERM.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SyscallFilterIT {
    private SecureSession s;

    @BeforeAll
    void start() {
        SecurityFixtures.requireR();
        s = SecurityFixtures.sandboxed();
    }

    @AfterAll
    void stop() {
        if (s != null) {
            s.close();
        }
    }

    @Test
    void theRProcessItselfRunsUnderTheFilter() {
        assertEquals(List.of("NoNewPrivs:\t1", "Seccomp:\t2", "Seccomp_filters:\t1"),
                strings(s, "sort(grep('^(Seccomp|NoNewPrivs)', readLines('/proc/self/status'), value = TRUE), "
                        + "method = 'radix')"));
    }

    @Test
    void refusedCallsFailWithEpermAndTheSessionGoesOn() {
        assertEquals(List.of("keyctl=-1/1", "io_uring_setup=-1/1", "ptrace=-1/1", "unshare=-1/1"),
                strings(s, rawSyscalls("keyctl", "io_uring_setup", "ptrace", "unshare")));
        // Memory no rlimit counts: an anonymous memfd, a SysV segment or queue (which would outlive
        // the process that filled it).
        assertEquals(List.of("memfd_create=-1/1", "shmget=-1/1", "msgget=-1/1"),
                strings(s, rawSyscalls("memfd_create", "shmget", "msgget")));
        // Ordinary work, child processes and tools are untouched.
        assertEquals(List.of("ok"), strings(s, "system2('/bin/echo', 'ok', stdout = TRUE)"));
        assertEquals(5, s.execute("add(2, 3)").value().asInt());
        assertEquals(2, s.execute("length(parallel::mclapply(1:2, identity, mc.cores = 2))").value().asInt());
    }

    @Test
    void theFilterFileIsGoneOnceTheChildIsUp() {
        assertEquals(List.of("FALSE"), strings(s, "as.character(file.exists('/run/securer/seccomp.bpf'))"));
        // bwrap read the program and closed the descriptor: nothing R holds open points at it.
        // 0-2 the host's pipes, 3 the runtime script, 4 R's duplicate of stdin (the bulk data
        // channel), 5 the IPC socket, 6 the directory list.files itself has open, 7 the bulk
        // pipe's write end (opened after a descriptor R held only while opening it).
        assertEquals(List.of("pipe", "pipe", "pipe", "/run/securer/runtime.R", "pipe", "socket", "/run/securer/bulk.fifo"),
                strings(s, "fds <- list.files('/proc/self/fd'); fds <- fds[order(as.integer(fds))]; "
                        + "sub(':.*', '', vapply(file.path('/proc/self/fd', fds), Sys.readlink, ''))[-7]"));
        assertEquals(8, s.execute("length(list.files('/proc/self/fd'))").value().asInt());
    }
}
