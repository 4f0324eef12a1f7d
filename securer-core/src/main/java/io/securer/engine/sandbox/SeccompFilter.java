package io.securer.engine.sandbox;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A seccomp filter for the sandboxed child, as the classic BPF program bubblewrap installs with
 * {@code --seccomp FD} just before it runs R. It refuses, with {@code EPERM}, system calls that R
 * and the tools it starts never need but that widen the kernel attack surface or help an escape:
 * debugging other processes ({@code ptrace}, {@code process_vm_*}), mounting and namespaces, the
 * kernel keyring, {@code bpf}, {@code perf_event_open}, {@code userfaultfd}, {@code io_uring},
 * module loading, clock and host-name changes, file-handle tricks ({@code open_by_handle_at}),
 * and memory that no resource limit counts ({@code memfd_create}, SysV shared memory and message
 * queues). System calls of a foreign ABI (32-bit {@code int 0x80} or x32 on
 * x86-64), which would slip past a list of native numbers, kill the process.
 *
 * <p>This is a second layer: namespaces, the dropped capabilities and the unprivileged uid already
 * make most of these calls fail. The filter makes them fail before the kernel code behind them
 * runs at all. Supported on x86-64 and AArch64; {@link #forArchitecture(String)} is empty
 * elsewhere.
 *
 * <p>Immutable and thread-safe.
 */
public final class SeccompFilter {

    /** Name of the filter file the launch plan writes into the session directory. */
    public static final String FILE_NAME = "seccomp.bpf";
    /** The descriptor on which bwrap reads the program ({@code --seccomp 3}). */
    public static final int FD = 3;
    // A process started from Java inherits only descriptors 0-2, so a tiny shell opens the filter
    // The shell would export PWD (the host session directory) to bwrap and so to the sandbox's
    // pid 1; the environment must stay exactly the plan's.

    // Every number below was read from the kernel's UAPI headers (asm/unistd_64.h for x86-64,
    // asm-generic/unistd.h for AArch64). Absent on AArch64: iopl, ioperm, uselib, ustat, sysfs, _sysctl.
    private static final String[][] SYSCALLS = {
            // name, x86-64, aarch64
            {"ptrace", "101", "117"},
            {"process_vm_readv", "310", "270"},
            {"process_vm_writev", "311", "271"},
            {"kcmp", "312", "272"},
            {"pidfd_getfd", "438", "438"},
            {"mount", "165", "40"},
            {"umount2", "166", "39"},
            {"pivot_root", "155", "41"},
            {"chroot", "161", "51"},
            {"open_tree", "428", "428"},
            {"move_mount", "429", "429"},
            {"fsopen", "430", "430"},
            {"fsconfig", "431", "431"},
            {"fsmount", "432", "432"},
            {"fspick", "433", "433"},
            {"mount_setattr", "442", "442"},
            {"unshare", "272", "97"},
            {"setns", "308", "268"},
            {"swapon", "167", "224"},
            {"swapoff", "168", "225"},
            {"reboot", "169", "142"},
            {"sethostname", "170", "161"},
            {"setdomainname", "171", "162"},
            {"init_module", "175", "105"},
            {"finit_module", "313", "273"},
            {"delete_module", "176", "106"},
            {"kexec_load", "246", "104"},
            {"kexec_file_load", "320", "294"},
            {"acct", "163", "89"},
            {"settimeofday", "164", "170"},
            {"clock_settime", "227", "112"},
            {"clock_adjtime", "305", "266"},
            {"adjtimex", "159", "171"},
            {"syslog", "103", "116"},
            {"quotactl", "179", "60"},
            {"quotactl_fd", "443", "443"},
            {"lookup_dcookie", "212", "18"},
            {"perf_event_open", "298", "241"},
            {"bpf", "321", "280"},
            {"userfaultfd", "323", "282"},
            {"add_key", "248", "217"},
            {"request_key", "249", "218"},
            {"keyctl", "250", "219"},
            {"name_to_handle_at", "303", "264"},
            {"open_by_handle_at", "304", "265"},
            {"io_uring_setup", "425", "425"},
            {"io_uring_enter", "426", "426"},
            {"io_uring_register", "427", "427"},
            {"fanotify_init", "300", "262"},
            // Memory outside every rlimit: a memfd is capped only per file (RLIMIT_FSIZE) and a
            // process may hold 256 of them; a SysV segment or queue outlives the process that
            // filled it, for the life of the sandbox. Measured without the filter: 391 MiB of
            // memfds in one process, a 400 MiB segment left behind after its creator exited.
            {"memfd_create", "319", "279"},
            {"memfd_secret", "447", "447"},
            {"shmget", "29", "194"},
            {"shmat", "30", "196"},
            {"shmctl", "31", "195"},
            {"msgget", "68", "186"},
            {"msgsnd", "69", "189"},
            {"msgrcv", "70", "188"},
            {"msgctl", "71", "187"},
            {"vhangup", "153", "58"},
            {"nfsservctl", "180", "42"},
            {"iopl", "172", null},
            {"ioperm", "173", null},
            {"uselib", "134", null},
            {"ustat", "136", null},
            {"sysfs", "139", null},
            {"_sysctl", "156", null},
    };

    // linux/audit.h: EM_X86_64 | __AUDIT_ARCH_64BIT | __AUDIT_ARCH_LE, and the same for EM_AARCH64.
    static final int AUDIT_ARCH_X86_64 = 0xC000003E;
    static final int AUDIT_ARCH_AARCH64 = 0xC00000B7;
    // x32 system calls are native x86-64 calls with this bit set in the number.
    static final int X32_SYSCALL_BIT = 0x40000000;

    // linux/filter.h and linux/seccomp.h
    static final int BPF_LD_W_ABS = 0x20;
    static final int BPF_JMP_JEQ_K = 0x15;
    static final int BPF_JMP_JGE_K = 0x35;
    static final int BPF_RET_K = 0x06;
    static final int RET_ALLOW = 0x7fff0000;
    static final int RET_KILL_PROCESS = 0x80000000;
    static final int RET_ERRNO_EPERM = 0x00050000 | 1;
    static final int OFFSET_NR = 0;
    static final int OFFSET_ARCH = 4;

    private final String architecture;
    private final Map<String, Integer> denied;
    private final byte[] program;

    private SeccompFilter(String architecture, int auditArch, Map<String, Integer> denied, boolean x32) {
        this.architecture = architecture;
        this.denied = Collections.unmodifiableMap(denied);
        this.program = compile(auditArch, denied.values(), x32);
    }

    private static final Optional<SeccompFilter> CURRENT = forArchitecture(System.getProperty("os.arch", ""));

    /** The filter for the JVM's own architecture ({@code os.arch}), if one exists; built once. */
    public static Optional<SeccompFilter> forCurrentArchitecture() {
        return CURRENT;
    }

    /**
     * The filter for an {@code os.arch} value: {@code amd64}/{@code x86_64} or
     * {@code aarch64}/{@code arm64}; empty for any other.
     */
    public static Optional<SeccompFilter> forArchitecture(String osArch) {
        switch (osArch.toLowerCase(Locale.ROOT)) {
            case "amd64":
            case "x86_64":
                return Optional.of(new SeccompFilter("x86_64", AUDIT_ARCH_X86_64, numbers(1), true));
            case "aarch64":
            case "arm64":
                return Optional.of(new SeccompFilter("aarch64", AUDIT_ARCH_AARCH64, numbers(2), false));
            default:
                return Optional.empty();
        }
    }

    private static Map<String, Integer> numbers(int column) {
        Map<String, Integer> m = new LinkedHashMap<>();
        for (String[] row : SYSCALLS) {
            if (row[column] != null) {
                m.put(row[0], Integer.parseInt(row[column]));
            }
        }
        return m;
    }

    /** The architecture this filter is for: {@code x86_64} or {@code aarch64}. */
    public String architecture() {
        return architecture;
    }

    /** The refused system calls, name to number on {@link #architecture()}. */
    public Map<String, Integer> deniedSyscalls() {
        return denied;
    }

    /**
     * The program as bubblewrap reads it: an array of {@code struct sock_filter} (u16 code, u8 jt,
     * u8 jf, u32 k) in the machine's byte order. A fresh copy on each call.
     */
    public byte[] program() {
        return program.clone();
    }

    private static byte[] compile(int auditArch, Iterable<Integer> deniedNumbers, boolean x32) {
        List<int[]> code = new ArrayList<>();
        code.add(insn(BPF_LD_W_ABS, 0, 0, OFFSET_ARCH));
        code.add(insn(BPF_JMP_JEQ_K, 1, 0, auditArch));
        code.add(insn(BPF_RET_K, 0, 0, RET_KILL_PROCESS));
        code.add(insn(BPF_LD_W_ABS, 0, 0, OFFSET_NR));
        List<Integer> jumps = new ArrayList<>(); // indexes of instructions whose jt targets "deny"
        if (x32) {
            jumps.add(code.size());
            code.add(insn(BPF_JMP_JGE_K, 0, 0, X32_SYSCALL_BIT));
        }
        for (int nr : deniedNumbers) {
            jumps.add(code.size());
            code.add(insn(BPF_JMP_JEQ_K, 0, 0, nr));
        }
        code.add(insn(BPF_RET_K, 0, 0, RET_ALLOW));
        int deny = code.size();
        code.add(insn(BPF_RET_K, 0, 0, RET_ERRNO_EPERM));
        for (int i : jumps) {
            int offset = deny - (i + 1);
            if (offset > 255) {
                throw new IllegalStateException("seccomp deny list too long for 8-bit jumps");
            }
            code.get(i)[1] = offset;
        }
        ByteBuffer buf = ByteBuffer.allocate(code.size() * 8).order(ByteOrder.nativeOrder());
        for (int[] c : code) {
            buf.putShort((short) c[0]).put((byte) c[1]).put((byte) c[2]).putInt(c[3]);
        }
        return buf.array();
    }

    private static int[] insn(int code, int jt, int jf, int k) {
        return new int[] {code, jt, jf, k};
    }

    @Override
    public String toString() {
        return "SeccompFilter[" + architecture + ", " + denied.size() + " system calls refused]";
    }
}
