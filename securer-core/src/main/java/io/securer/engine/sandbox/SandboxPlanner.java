package io.securer.engine.sandbox;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * Decides how to launch the child R process: which sandbox, which privilege drop, which resource
 * limit wrapper, and exactly which environment, returned as a {@link LaunchPlan}.
 *
 * <ul>
 *   <li>Linux, sandbox: {@code /bin/sh -c '[echo $$ >cgroup.procs;] exec 3<seccomp.bpf 4<bwrap.args && exec "$@"'
 *       [setpriv …  when root] bwrap --args 4 -- [prlimit … --] R …}. Limits are applied inside the sandbox,
 *       after the user namespace exists, so RLIMIT_NPROC counts only the sandbox's processes. The
 *       {@link SeccompFilter} is left out when the probe found bwrap or the kernel unable to
 *       install it, or the architecture has none.</li>
 *   <li>Linux, no sandbox: {@code [prlimit … --] R …}, HOME and TMPDIR set to the session directory.</li>
 *   <li>macOS, sandbox: {@code sandbox-exec -p <profile> [/bin/sh -c 'ulimit …; exec "$@"' sh] R …}.</li>
 *   <li>Windows: a sandbox is always refused; without one, limits cannot be applied (warned).</li>
 *   <li>A container ({@link LaunchRequest#container()} set): {@code podman|docker run … R …},
 *       planned by {@link ContainerPlanner}; never falls back.</li>
 * </ul>
 * When the sandbox cannot be had, a strict request throws {@link SandboxRefusedException}
 * naming the cause; otherwise a warning is logged and the plan runs without a sandbox, with
 * {@link LaunchPlan#fallbackReason()} set.
 *
 * <p>Memory (Linux, sandboxed or not): when the limits set {@code memoryBytes} and the host allows
 * memory cgroups ({@link MemoryCgroupProbe}), the child gets a cgroup of its own with that limit,
 * which the launch wrapper joins first; RLIMIT_AS is then only a backstop against absurd single
 * allocations, {@link #addressSpaceWithCgroup} (R maps far more address space than it touches:
 * ggplot2 alone peaks near 480 MB). Without a cgroup, {@code memoryBytes} is RLIMIT_AS itself.
 * See {@link LaunchPlan#memory()}.
 *
 * <p>Thread-safe and stateless apart from the per-JVM probes, uid allocator and cgroup counter
 * it shares. Planning starts no process except, once per JVM, the bubblewrap probe (≤ 10 s).
 */
public final class SandboxPlanner {

    static final String WINDOWS_REFUSAL = "OS sandbox is not available on Windows; use sandbox(false) "
            + "with resource limits, or run inside a container";
    static final Path SANDBOX_EXEC = Path.of("/usr/bin/sandbox-exec");
    private static final Path CHILD_TMP = Path.of("/tmp");
    /** The launch file holding bubblewrap's options. */
    static final String ARGS_FILE = "bwrap.args";
    private static final Logger LOG = LoggerFactory.getLogger(SandboxPlanner.class);
    private static final AtomicBoolean NPROC_WARNED = new AtomicBoolean();
    private static final SandboxPlanner DEFAULT = new SandboxPlanner(BubblewrapProbe::probe,
            BubblewrapProbe::locate, EffectiveUid::current, SessionUidAllocator.shared()::next,
            HostFileSystem.real(), SeccompFilter::forCurrentArchitecture, MemoryCgroupProbe::probe);
    private static final ContainerPlanner CONTAINERS = ContainerPlanner.real();
    private static final long GIB = 1L << 30;
    /** The smallest RLIMIT_AS a child with a memory cgroup gets. */
    static final long MIN_ADDRESS_SPACE_WITH_CGROUP = 2 * GIB;

    private final Supplier<ProbeResult> bwrapProbe;
    private final Supplier<Optional<Path>> bwrapLocator;
    private final IntSupplier effectiveUid;
    private final IntSupplier uidAllocator;
    private final HostFileSystem fs;
    private final Supplier<Optional<SeccompFilter>> seccompFilter;
    private final Supplier<CgroupSupport> cgroups;
    /** Numbers the children's cgroups, so that a restarted child never meets its predecessor's. */
    private final AtomicLong cgroupSeq = new AtomicLong();

    SandboxPlanner(Supplier<ProbeResult> bwrapProbe, Supplier<Optional<Path>> bwrapLocator,
                   IntSupplier effectiveUid, IntSupplier uidAllocator, HostFileSystem fs,
                   Supplier<Optional<SeccompFilter>> seccompFilter, Supplier<CgroupSupport> cgroups) {
        this.cgroups = Objects.requireNonNull(cgroups, "cgroups");
        this.seccompFilter = Objects.requireNonNull(seccompFilter, "seccompFilter");
        this.bwrapProbe = Objects.requireNonNull(bwrapProbe, "bwrapProbe");
        this.bwrapLocator = Objects.requireNonNull(bwrapLocator, "bwrapLocator");
        this.effectiveUid = Objects.requireNonNull(effectiveUid, "effectiveUid");
        this.uidAllocator = Objects.requireNonNull(uidAllocator, "uidAllocator");
        this.fs = Objects.requireNonNull(fs, "fs");
    }

    /**
     * Plans one launch.
     *
     * @throws SandboxRefusedException when a sandbox is requested on Windows, or requested in
     *                                     strict mode and unavailable; the message names the cause
     */
    public static LaunchPlan plan(LaunchRequest request) {
        return DEFAULT.planFor(request);
    }

    /**
     * The isolation a child would get on this machine if started now with {@code sandbox}: the
     * OS sandbox when it can be had, else {@link Isolation#NONE} (a strict session would refuse to
     * start instead). Runs the per-JVM bubblewrap probe at most once.
     */
    public static Isolation expected(boolean sandbox) {
        return DEFAULT.expectedFor(sandbox, OperatingSystem.current());
    }

    /**
     * The isolation a child in a container like {@code container} would get here:
     * {@link Isolation#CONTAINER} when the CLI is found on a Linux host, else {@link Isolation#NONE}
     * (the session would refuse to start). Starts no process.
     */
    public static Isolation expected(ContainerSpec container) {
        return CONTAINERS.expected(container, OperatingSystem.current(), System.getenv());
    }

    Isolation expectedFor(boolean sandbox, OperatingSystem os) {
        if (!sandbox) {
            return Isolation.NONE;
        }
        return switch (os) {
            case LINUX -> bwrapProbe.get().available() && bwrapLocator.get().isPresent()
                    ? Isolation.BUBBLEWRAP : Isolation.NONE;
            case MACOS -> fs.isExecutable(SANDBOX_EXEC) ? Isolation.SEATBELT : Isolation.NONE;
            default -> Isolation.NONE;
        };
    }

    LaunchPlan planFor(LaunchRequest request) {
        Objects.requireNonNull(request, "request");
        if (request.container() != null) {
            return CONTAINERS.plan(request);
        }
        switch (request.os()) {
            case LINUX:
                return request.sandbox() ? bubblewrap(request) : unsandboxed(request, null);
            case MACOS:
                return request.sandbox() ? seatbelt(request) : unsandboxed(request, null);
            case WINDOWS:
                if (request.sandbox()) {
                    // Refused even when not strict: there is no partial sandbox to fall back to
                    // that a caller asking for one could reasonably accept silently.
                    throw new SandboxRefusedException(WINDOWS_REFUSAL);
                }
                return unsandboxed(request, null);
            default:
                return request.sandbox()
                        ? unavailable(request, "OS", "no sandbox is implemented for this operating system (os.name="
                                + System.getProperty("os.name") + ")")
                        : unsandboxed(request, null);
        }
    }

    private LaunchPlan bubblewrap(LaunchRequest request) {
        ProbeResult probe = bwrapProbe.get();
        if (!probe.available()) {
            return unavailable(request, "bubblewrap", probe.reason());
        }
        Optional<Path> bwrap = bwrapLocator.get();
        if (bwrap.isEmpty()) {
            return unavailable(request, "bubblewrap", BubblewrapProbe.NOT_FOUND);
        }
        PrivilegeDrop drop = PrivilegeDrop.decide(effectiveUid.getAsInt(), uidAllocator);
        MemoryPlan memory = memory(request);
        SandboxEnvironment env = SandboxEnvironment.of(request.hostEnv(), request.r(), CHILD_TMP, CHILD_TMP);
        Optional<SeccompFilter> seccomp = probe.features().seccomp() ? seccompFilter.get() : Optional.empty();
        List<String> command = new ArrayList<>();
        List<LaunchFile> files = new ArrayList<>();
        List<LaunchWrapper.Opened> opened = new ArrayList<>();
        if (seccomp.isPresent()) {
            files.add(new LaunchFile(SeccompFilter.FILE_NAME, seccomp.get().program()));
            opened.add(new LaunchWrapper.Opened(SeccompFilter.FD, request.sessionDir().resolve(SeccompFilter.FILE_NAME)));
        }
        BubblewrapCommand.Builder bwrapCommand = BubblewrapCommand.builder()
                .bwrap(bwrap.get())
                .features(probe.features())
                .rInstallation(request.r())
                .sessionDir(request.sessionDir())
                .environment(env)
                .optionsOnFd(BubblewrapCommand.ARGS_FD)
                .hostFileSystem(fs);
        seccomp.ifPresent(f -> bwrapCommand.seccompFd(SeccompFilter.FD));
        BubblewrapCommand bw = bwrapCommand.build();
        files.add(new LaunchFile(ARGS_FILE, bw.argsFile()));
        opened.add(new LaunchWrapper.Opened(BubblewrapCommand.ARGS_FD, request.sessionDir().resolve(ARGS_FILE)));
        command.addAll(LaunchWrapper.prefix(procs(memory), opened));
        command.addAll(drop.prefix());
        command.addAll(bw.arguments());
        command.addAll(PrlimitCommand.forLimits(rlimits(request, memory)).arguments());
        command.addAll(request.r().commandLine(BubblewrapCommand.SESSION_DIR_IN_CHILD));
        return new LaunchPlan(command, env.variables(), Isolation.BUBBLEWRAP,
                BubblewrapCommand.SESSION_DIR_IN_CHILD, drop.uid(), null, files, ProcessTreeControl.INSTANCE, memory);
    }

    private LaunchPlan seatbelt(LaunchRequest request) {
        if (!fs.isExecutable(SANDBOX_EXEC)) {
            return unavailable(request, "seatbelt", SANDBOX_EXEC + " not found");
        }
        // Seatbelt matches resolved paths (/private/var/folders/…, not /var/folders/…).
        Path sessionDir = fs.realPath(request.sessionDir());
        SeatbeltProfile profile;
        try {
            profile = SeatbeltProfile.builder()
                    .rInstallation(request.r())
                    .tempDir(sessionDir)
                    .socket(sessionDir.resolve("ipc.sock"))
                    .build();
        } catch (IllegalArgumentException e) {
            return unavailable(request, "seatbelt", e.getMessage());
        }
        SandboxEnvironment env = SandboxEnvironment.of(request.hostEnv(), request.r(), sessionDir, sessionDir);
        List<String> command = new ArrayList<>(List.of(SANDBOX_EXEC.toString(), "-p", profile.text()));
        command.addAll(UlimitCommand.forLimits(request.limits()).arguments());
        command.addAll(request.r().commandLine(sessionDir));
        return new LaunchPlan(command, env.variables(), Isolation.SEATBELT, sessionDir, OptionalInt.empty(), null,
                List.of(), ProcessTreeControl.INSTANCE, memory(request));
    }

    private LaunchPlan unavailable(LaunchRequest request, String technology, String reason) {
        String message = technology + " sandbox unavailable: " + reason;
        if (request.strict()) {
            throw new SandboxRefusedException(message);
        }
        LOG.warn("{}; running R WITHOUT an OS sandbox because strict mode is off", message);
        return unsandboxed(request, message);
    }

    /** No sandbox: HOME and TMPDIR are the session directory so R writes nothing in the user's home. */
    private LaunchPlan unsandboxed(LaunchRequest request, String fallbackReason) {
        Path sessionDir = request.sessionDir();
        SandboxEnvironment env = SandboxEnvironment.of(request.hostEnv(), request.r(), sessionDir, sessionDir);
        List<String> command = new ArrayList<>();
        MemoryPlan memory = memory(request);
        switch (request.os()) {
            case LINUX:
                command.addAll(LaunchWrapper.prefix(procs(memory), List.of()));
                // Without bubblewrap's --die-with-parent, a busy R would outlive a killed JVM
                // (it only notices socket EOF between executions): ask the kernel to kill it.
                if (fs.isExecutable(Path.of(PrivilegeDrop.SETPRIV))) {
                    command.addAll(List.of(PrivilegeDrop.SETPRIV, "--pdeathsig", "KILL", "--"));
                }
                command.addAll(PrlimitCommand.forLimits(unsandboxedRlimits(request, memory)).arguments());
                break;
            case WINDOWS:
                if (!request.limits().isEmpty()) {
                    LOG.warn("resource limits {} are NOT applied on Windows (no job object support)", request.limits());
                }
                env = windowsVariables(env, request);
                break;
            default:
                command.addAll(UlimitCommand.forLimits(request.limits()).arguments());
                break;
        }
        command.addAll(request.r().commandLine(sessionDir));
        return new LaunchPlan(command, env.variables(), Isolation.NONE, sessionDir, OptionalInt.empty(),
                fallbackReason, List.of(), ProcessTreeControl.INSTANCE, memory);
    }

    /**
     * How the request's memory limit is enforced: a cgroup of the child's own on Linux hosts that
     * allow one, else RLIMIT_AS (none at all on Windows, where limits are not applied).
     */
    private MemoryPlan memory(LaunchRequest request) {
        Long bytes = request.limits().memoryBytes();
        if (bytes == null) {
            return MemoryPlan.NONE;
        }
        switch (request.os()) {
            case LINUX:
                break;
            case WINDOWS:
                return MemoryPlan.NONE;
            default:
                return MemoryPlan.rlimit(bytes, "memory cgroups are Linux-only");
        }
        CgroupSupport support = cgroups.get();
        if (!support.available()) {
            return MemoryPlan.rlimit(bytes, support.reason());
        }
        String name = request.name() + "-" + cgroupSeq.incrementAndGet() + "." + support.ownerTag();
        return MemoryPlan.cgroup(new CgroupPlan(support.version(), support.parent().resolve(name), bytes),
                addressSpaceWithCgroup(bytes));
    }

    /**
     * RLIMIT_AS next to a memory cgroup of {@code memoryBytes}: four times the limit, at least
     * 2 GiB, so that R's unused mappings never count, while a single allocation that could never
     * fit still fails inside R ("cannot allocate vector of size …") instead of waking the OOM
     * killer. Null (unlimited) when four times the limit does not fit in a long.
     */
    public static Long addressSpaceWithCgroup(long memoryBytes) {
        if (memoryBytes > Long.MAX_VALUE / 4) {
            return null;
        }
        return Math.max(4 * memoryBytes, MIN_ADDRESS_SPACE_WITH_CGROUP);
    }

    private static ProcessLimits rlimits(LaunchRequest request, MemoryPlan memory) {
        return memory.enforcement() == MemoryEnforcement.CGROUP
                ? request.limits().withMemoryBytes(memory.addressSpaceBytes()) : request.limits();
    }

    /**
     * Without a sandbox R runs as the host user, and RLIMIT_NPROC counts every process and thread
     * of that user (the JVM's own threads too), so for a non-root host it would keep R from
     * starting at all (R forks while it loads its packages). It is left out then, with a warning;
     * root ignores it anyway (the limit shows, as documented).
     */
    private ProcessLimits unsandboxedRlimits(LaunchRequest request, MemoryPlan memory) {
        ProcessLimits limits = rlimits(request, memory);
        if (limits.maxProcesses() != null && effectiveUid.getAsInt() != 0) {
            if (NPROC_WARNED.compareAndSet(false, true)) {
                LOG.warn("maxProcesses ({}) is not applied without a sandbox: RLIMIT_NPROC would count every process "
                        + "and thread of the host user, this JVM's included", limits.maxProcesses());
            }
            return limits.withMaxProcesses(null);
        }
        return limits;
    }

    private static Path procs(MemoryPlan memory) {
        return memory.cgroup() == null ? null : memory.cgroup().procs();
    }

    /** R on Windows needs the system directories and its own DLL search path, not /usr/bin. */
    private static SandboxEnvironment windowsVariables(SandboxEnvironment env, LaunchRequest request) {
        String dir = request.sessionDir().toString();
        SandboxEnvironment result = env.with("TEMP", dir).with("TMP", dir).with("R_USER", dir)
                .with("USERPROFILE", dir);
        for (String name : List.of("PATH", "SystemRoot", "windir")) {
            String value = request.hostEnv().get(name);
            if (value != null) {
                result = result.with(name, value);
            }
        }
        return result;
    }
}
