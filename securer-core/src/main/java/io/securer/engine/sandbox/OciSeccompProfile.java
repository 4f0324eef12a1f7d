package io.securer.engine.sandbox;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The {@link SeccompFilter}'s denylist as an OCI seccomp profile (the JSON that
 * {@code podman|docker run --security-opt seccomp=FILE} reads), so that a container child is
 * refused the same system calls as a bubblewrap child, with {@code EPERM}.
 *
 * <p>Why not the engine's own default profile: podman's allows {@code unshare}, namespace flags on
 * {@code clone}, {@code keyctl}, {@code ptrace}, {@code memfd_create} and SysV IPC, relying on the
 * dropped capabilities; measured: {@code unshare -r id -u} printed {@code 0} in a podman container.
 * Nested user namespaces expose a large part of the kernel to an unprivileged process; bubblewrap
 * turns them off ({@code --disable-userns}). Here {@code clone} with any namespace flag fails with
 * {@code EPERM}, and {@code clone3} (whose flags a filter cannot read) with {@code ENOSYS}, on which
 * the C library falls back to {@code clone}. Only the native architecture is listed, so system
 * calls of another ABI (32-bit, x32) get libseccomp's "bad architecture" action: the process is
 * killed. Everything else is allowed: this replaces the engine's allowlist by securer's denylist,
 * the same trade-off as under bubblewrap (see docs/security-model.md).
 *
 * <p>Stateless; the text is deterministic.
 */
final class OciSeccompProfile {
    /** The file name in the session directory (a {@link LaunchFile}). */
    static final String FILE_NAME = "seccomp.json";
    /** CLONE_NEWNS, NEWCGROUP, NEWUTS, NEWIPC, NEWUSER, NEWPID, NEWNET (linux/sched.h). */
    static final List<Long> NAMESPACE_FLAGS = List.of(0x00020000L, 0x02000000L, 0x04000000L, 0x08000000L,
            0x10000000L, 0x20000000L, 0x40000000L);
    private static final int EPERM = 1;
    private static final int ENOSYS = 38;

    private OciSeccompProfile() {
    }

    /** The profile for {@code filter}'s architecture and denied system calls. */
    static String json(SeccompFilter filter) {
        Objects.requireNonNull(filter, "filter");
        String arch = switch (filter.architecture()) {
            case "x86_64" -> "SCMP_ARCH_X86_64";
            case "aarch64" -> "SCMP_ARCH_AARCH64";
            default -> throw new IllegalArgumentException("no OCI name for architecture " + filter.architecture());
        };
        StringBuilder b = new StringBuilder();
        b.append("{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"architectures\":[\"").append(arch).append("\"],\"syscalls\":[");
        b.append("{\"names\":[").append(filter.deniedSyscalls().keySet().stream().map(n -> "\"" + n + "\"")
                .collect(Collectors.joining(","))).append("],\"action\":\"SCMP_ACT_ERRNO\",\"errnoRet\":").append(EPERM)
                .append('}');
        for (long flag : NAMESPACE_FLAGS) {
            // (flags & flag) == flag: several rules for one call are alternatives.
            b.append(",{\"names\":[\"clone\"],\"action\":\"SCMP_ACT_ERRNO\",\"errnoRet\":").append(EPERM)
                    .append(",\"args\":[{\"index\":0,\"value\":").append(flag).append(",\"valueTwo\":").append(flag)
                    .append(",\"op\":\"SCMP_CMP_MASKED_EQ\"}]}");
        }
        b.append(",{\"names\":[\"clone3\"],\"action\":\"SCMP_ACT_ERRNO\",\"errnoRet\":").append(ENOSYS).append('}');
        return b.append("]}\n").toString();
    }

    /** The profile as the launch file the plan asks the caller to write. */
    static LaunchFile launchFile(SeccompFilter filter) {
        return new LaunchFile(FILE_NAME, json(filter).getBytes(StandardCharsets.UTF_8));
    }
}
