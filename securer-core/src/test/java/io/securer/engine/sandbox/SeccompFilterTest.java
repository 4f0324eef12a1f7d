package io.securer.engine.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Runs the generated classic-BPF program in a small interpreter of the four instructions it may
 * use, so the verdict for each (architecture, system call) pair is checked, not just the bytes.
 * The kernel-side check (the filter really installed, calls really refused) is SeccompIT.
 */
class SeccompFilterTest {

    private static final int ALLOW = 0x7fff0000;
    private static final int EPERM = 0x00050001;
    private static final int KILL = 0x80000000;
    private static final int AUDIT_ARCH_I386 = 0x40000003;

    /** Executes the program on a seccomp_data holding only nr (offset 0) and arch (offset 4). */
    private static int run(byte[] program, int arch, int nr) {
        ByteBuffer b = ByteBuffer.wrap(program).order(ByteOrder.nativeOrder());
        int n = program.length / 8;
        int acc = 0;
        int pc = 0;
        for (int steps = 0; steps < 10_000; steps++) {
            assertTrue(pc >= 0 && pc < n, "jump out of the program: " + pc);
            int code = b.getShort(pc * 8) & 0xffff;
            int jt = b.get(pc * 8 + 2) & 0xff;
            int jf = b.get(pc * 8 + 3) & 0xff;
            int k = b.getInt(pc * 8 + 4);
            switch (code) {
                case 0x20 -> {
                    assertTrue(k == 0 || k == 4, "loads only nr or arch, got offset " + k);
                    acc = k == 0 ? nr : arch;
                    pc++;
                }
                case 0x15 -> pc += 1 + (acc == k ? jt : jf);
                case 0x35 -> pc += 1 + (Integer.compareUnsigned(acc, k) >= 0 ? jt : jf);
                case 0x06 -> {
                    return k;
                }
                default -> throw new AssertionError("unexpected BPF instruction 0x" + Integer.toHexString(code));
            }
        }
        throw new AssertionError("program did not return");
    }

    private static SeccompFilter x86() {
        return SeccompFilter.forArchitecture("amd64").orElseThrow();
    }

    @Test
    void x86RefusesEveryListedCallWithEpermAndAllowsWhatRUses() {
        SeccompFilter f = x86();
        byte[] p = f.program();
        for (Map.Entry<String, Integer> e : f.deniedSyscalls().entrySet()) {
            assertEquals(EPERM, run(p, SeccompFilter.AUDIT_ARCH_X86_64, e.getValue()), e.getKey());
        }
        // read, write, openat, close, mmap, clone, execve, wait4, socket, connect, prlimit64, clone3
        for (int nr : List.of(0, 1, 257, 3, 9, 56, 59, 61, 41, 42, 302, 435)) {
            assertEquals(ALLOW, run(p, SeccompFilter.AUDIT_ARCH_X86_64, nr), "syscall " + nr);
        }
        assertEquals(101, f.deniedSyscalls().get("ptrace"));
        assertEquals(250, f.deniedSyscalls().get("keyctl"));
        assertEquals(425, f.deniedSyscalls().get("io_uring_setup"));
        assertEquals(66, f.deniedSyscalls().size());
        assertEquals(319, f.deniedSyscalls().get("memfd_create"));
        assertEquals(29, f.deniedSyscalls().get("shmget"));
    }

    @Test
    void foreignAbisCannotSlipPastTheNumberList() {
        byte[] p = x86().program();
        // 32-bit int 0x80: i386 numbers differ (26 is ptrace there), so any such call kills.
        assertEquals(KILL, run(p, AUDIT_ARCH_I386, 26));
        assertEquals(KILL, run(p, AUDIT_ARCH_I386, 3));
        // x32: native arch, number with bit 30 set.
        assertEquals(EPERM, run(p, SeccompFilter.AUDIT_ARCH_X86_64, 0x40000000 | 101));
        assertEquals(EPERM, run(p, SeccompFilter.AUDIT_ARCH_X86_64, 0x40000000));
        assertEquals(EPERM, run(p, SeccompFilter.AUDIT_ARCH_X86_64, -1));
    }

    @Test
    void aarch64UsesTheGenericNumbersAndItsOwnArch() {
        SeccompFilter f = SeccompFilter.forArchitecture("aarch64").orElseThrow();
        byte[] p = f.program();
        assertEquals("aarch64", f.architecture());
        assertEquals(117, f.deniedSyscalls().get("ptrace"));
        assertEquals(219, f.deniedSyscalls().get("keyctl"));
        assertEquals(60, f.deniedSyscalls().size(), "no iopl/ioperm/uselib/ustat/sysfs/_sysctl there");
        assertEquals(279, f.deniedSyscalls().get("memfd_create"));
        for (Map.Entry<String, Integer> e : f.deniedSyscalls().entrySet()) {
            assertEquals(EPERM, run(p, SeccompFilter.AUDIT_ARCH_AARCH64, e.getValue()), e.getKey());
        }
        // read 63, write 64, openat 56, clone 220, execve 221, socket 198, prlimit64 261
        for (int nr : List.of(63, 64, 56, 220, 221, 198, 261)) {
            assertEquals(ALLOW, run(p, SeccompFilter.AUDIT_ARCH_AARCH64, nr), "syscall " + nr);
        }
        // No x32 there: bit 30 is just a (nonexistent) number, allowed like any unlisted one.
        assertEquals(ALLOW, run(p, SeccompFilter.AUDIT_ARCH_AARCH64, 0x40000000));
        assertEquals(KILL, run(p, SeccompFilter.AUDIT_ARCH_X86_64, 0));
    }

    @Test
    void architectureNames() {
        assertEquals("x86_64", SeccompFilter.forArchitecture("x86_64").orElseThrow().architecture());
        assertEquals("aarch64", SeccompFilter.forArchitecture("ARM64").orElseThrow().architecture());
        assertEquals(Optional.empty(), SeccompFilter.forArchitecture("ppc64le"));
        assertEquals(Optional.empty(), SeccompFilter.forArchitecture("riscv64"));
        assertEquals("SeccompFilter[x86_64, 66 system calls refused]", x86().toString());
    }

    @Test
    void programIsACopyAndTheWrapperOpensTheFilesOnTheirDescriptorsIgnoringSigxfsz() {
        byte[] a = x86().program();
        a[0] = 0x7f;
        assertEquals(0x20, x86().program()[0]);
        assertEquals(List.of("/bin/sh", "-c",
                        "unset PWD; trap '' XFSZ; exec 3<\"$1\" 4<\"$2\" && shift 2 && exec \"$@\"", "securer-launch",
                        "/tmp/s/seccomp.bpf", "/tmp/s/bwrap.args"),
                LaunchWrapper.prefix(List.of(new LaunchWrapper.Opened(3, Path.of("/tmp/s/seccomp.bpf")),
                        new LaunchWrapper.Opened(4, Path.of("/tmp/s/bwrap.args")))));
        assertEquals(List.of("/bin/sh", "-c", "unset PWD; trap '' XFSZ; exec \"$@\"", "securer-launch"),
                LaunchWrapper.prefix(List.of()));
    }

    @Test
    void launchFilesAreCopiedAndNamedPlainly() {
        byte[] content = {1, 2, 3};
        LaunchFile f = new LaunchFile("seccomp.bpf", content);
        content[0] = 9;
        assertEquals(1, f.content()[0]);
        f.content()[1] = 9;
        assertEquals(2, f.content()[1]);
        assertEquals(new LaunchFile("seccomp.bpf", new byte[] {1, 2, 3}), f);
        assertEquals("LaunchFile[seccomp.bpf, 3 bytes]", f.toString());
        for (String bad : List.of("../x", "a/b", "", ".hidden", "/abs")) {
            assertThrows(IllegalArgumentException.class, () -> new LaunchFile(bad, new byte[0]), bad);
        }
    }
}
