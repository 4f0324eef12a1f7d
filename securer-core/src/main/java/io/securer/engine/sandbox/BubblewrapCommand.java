package io.securer.engine.sandbox;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The bubblewrap ({@code bwrap}) command line that confines the child: every namespace unshared
 * (so no network), a throw-away read-only root with read-only binds of only what R needs, a
 * fresh {@code /proc}, a read-only {@code /dev}, a size-capped {@code /tmp} (the only writable
 * place), the session directory read-only at {@link #SESSION_DIR_IN_CHILD}, all capabilities
 * dropped, a fixed unprivileged uid inside, and an environment cleared down to an allowlist.
 *
 * <p>Deliberately absent: {@code /etc/passwd}, {@code /etc/shadow}, {@code /root}, {@code /home},
 * the working directory, and anything under {@code /etc} besides R's configuration, the dynamic
 * linker's files, {@code /etc/alternatives} and {@code /etc/localtime}.
 *
 * <p>Immutable and thread-safe once built; {@link Builder} is not thread-safe. It only describes
 * arguments: it starts no process and owns nothing.
 */
public final class BubblewrapCommand {

    /** Where bubblewrap is installed on Debian and most distributions. */
    public static final Path DEFAULT_BWRAP = Path.of("/usr/bin/bwrap");
    /** Where the child sees the session directory (socket and runtime script). */
    public static final Path SESSION_DIR_IN_CHILD = Path.of("/run/securer");
    /** Default cap on the sandbox's in-memory {@code /tmp}: 256 MiB. */
    public static final long DEFAULT_TMP_SIZE_BYTES = 256L * 1024 * 1024;
    /** The uid and gid the child has inside its user namespace: the conventional "nobody". */
    public static final int DEFAULT_SANDBOX_ID = 65534;
    /** Where bwrap reads its options when they are passed by file ({@code --args 4}). */
    public static final int ARGS_FD = 4;

    // Merged-/usr distributions make these symlinks into /usr; others have real directories.
    private static final List<Path> ROOT_DIRS =
            List.of(Path.of("/bin"), Path.of("/lib"), Path.of("/lib64"), Path.of("/sbin"));
    // R's configuration (R_HOME/etc links here on Debian), the dynamic linker's cache and
    // configuration, the alternatives R's toolchain links through, and the local time zone.
    // Fontconfig's configuration and cache: without them every plot with text prints "Fontconfig
    // error: Cannot load default config file", falls back to a serif font and costs ~150 ms.
    private static final List<Path> ETC_FILES = List.of(Path.of("/etc/R"), Path.of("/etc/alternatives"),
            Path.of("/etc/ld.so.cache"), Path.of("/etc/ld.so.conf"), Path.of("/etc/ld.so.conf.d"),
            Path.of("/etc/localtime"), Path.of("/etc/fonts"), Path.of("/var/cache/fontconfig"));
    private static final Path USR = Path.of("/usr");
    private static final Path TMP = Path.of("/tmp");

    private final List<String> arguments;
    private final List<String> options;
    private final int argsFd;

    private BubblewrapCommand(List<String> options, int argsFd) {
        this.options = List.copyOf(options);
        this.argsFd = argsFd;
        List<String> a = new ArrayList<>();
        a.add(options.get(0));
        if (argsFd >= 0) {
            a.addAll(List.of("--args", Integer.toString(argsFd)));
        } else {
            a.addAll(options.subList(1, options.size()));
        }
        a.add("--");
        this.arguments = List.copyOf(a);
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * The bwrap executable and its options (or, when they go by file, {@code --args FD}) and a
     * final {@code --}; append the command to run inside the sandbox.
     */
    public List<String> arguments() {
        return arguments;
    }

    /** The bwrap executable followed by every option (whether they go by file or not). */
    public List<String> options() {
        return options;
    }

    /**
     * The options as bwrap reads them with {@code --args}: NUL-separated. Passed this way they
     * appear neither in the host's process list nor in the sandbox's {@code /proc/1/cmdline}.
     */
    public byte[] argsFile() {
        StringBuilder sb = new StringBuilder();
        for (String o : options.subList(1, options.size())) {
            sb.append(o).append('\0');
        }
        return sb.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Collects the sandbox's contents; {@link #build()} may be called more than once. */
    public static final class Builder {
        private Path bwrap = DEFAULT_BWRAP;
        private RInstallation r;
        private final List<Path> extraReadOnly = new ArrayList<>();
        private Path sessionDir;
        private long tmpSizeBytes = DEFAULT_TMP_SIZE_BYTES;
        private SandboxEnvironment environment = new SandboxEnvironment(Map.of());
        private int sandboxUid = DEFAULT_SANDBOX_ID;
        private int sandboxGid = DEFAULT_SANDBOX_ID;
        private String hostname = "sandbox";
        private boolean disableNestedUserNamespaces = true;
        private boolean tmpSizeSupported = true;
        private int seccompFd = -1;
        private int argsFd = -1;
        private HostFileSystem fs = HostFileSystem.real();

        private Builder() {
        }

        /** The bwrap executable; default {@link #DEFAULT_BWRAP}. */
        public Builder bwrap(Path bwrap) {
            this.bwrap = absolute("bwrap", bwrap);
            return this;
        }

        /** Binds R's home and library paths read-only, unless they already lie under a bound directory. */
        public Builder rInstallation(RInstallation r) {
            this.r = Objects.requireNonNull(r, "r");
            return this;
        }

        /** Binds one more host path read-only at the same place, if it exists. */
        public Builder readOnlyPath(Path path) {
            extraReadOnly.add(absolute("readOnlyPath", path));
            return this;
        }

        /** The host session directory, bound read-only at {@link #SESSION_DIR_IN_CHILD}. */
        public Builder sessionDir(Path sessionDir) {
            this.sessionDir = absolute("sessionDir", sessionDir);
            return this;
        }

        /** Size cap of the sandbox's {@code /tmp} (it lives in memory); default 256 MiB. */
        public Builder tmpSizeBytes(long bytes) {
            if (bytes <= 0) {
                throw new IllegalArgumentException("tmpSizeBytes must be positive, got " + bytes);
            }
            this.tmpSizeBytes = bytes;
            return this;
        }

        /**
         * Leaves out options this bwrap does not understand: {@code --disable-userns} and
         * {@code --size}; default {@link BubblewrapFeatures#ALL}.
         */
        public Builder features(BubblewrapFeatures features) {
            this.disableNestedUserNamespaces = features.disableUserns();
            this.tmpSizeSupported = features.tmpfsSize();
            return this;
        }

        /** The complete environment inside the sandbox (bwrap clears everything else); default empty. */
        public Builder environment(SandboxEnvironment environment) {
            this.environment = Objects.requireNonNull(environment, "environment");
            return this;
        }

        /** The uid and gid the child has inside the sandbox; default 65534. */
        public Builder sandboxIds(int uid, int gid) {
            if (uid < 0 || gid < 0) {
                throw new IllegalArgumentException("sandbox uid/gid must not be negative, got " + uid + "/" + gid);
            }
            this.sandboxUid = uid;
            this.sandboxGid = gid;
            return this;
        }

        /** The host name inside the sandbox's UTS namespace; default {@code sandbox}. */
        public Builder hostname(String hostname) {
            if (hostname == null || !hostname.matches("[A-Za-z0-9][A-Za-z0-9-]{0,62}")) {
                throw new IllegalArgumentException("invalid hostname: " + hostname);
            }
            this.hostname = hostname;
            return this;
        }

        /**
         * Whether to forbid user namespaces inside the sandbox ({@code --disable-userns}, bwrap
         * 0.8+); default true, because nested user namespaces are a large kernel attack surface
         * and R never needs them. Turn off only for older bwrap.
         */
        public Builder disableNestedUserNamespaces(boolean disable) {
            this.disableNestedUserNamespaces = disable;
            return this;
        }

        /**
         * Installs the seccomp program bwrap reads from this already-open file descriptor
         * ({@code --seccomp FD}; see {@link SeccompFilter}); default none. The descriptor must be
         * open in the bwrap process; bwrap reads it to the end and closes it before R starts.
         */
        public Builder seccompFd(int fd) {
            if (fd < 0) {
                throw new IllegalArgumentException("seccomp fd must not be negative, got " + fd);
            }
            this.seccompFd = fd;
            return this;
        }

        /** Pass the options in a file bwrap reads from this descriptor ({@code --args FD}); default on the command line. */
        public Builder optionsOnFd(int fd) {
            if (fd < 0) {
                throw new IllegalArgumentException("args fd must not be negative, got " + fd);
            }
            this.argsFd = fd;
            return this;
        }

        Builder hostFileSystem(HostFileSystem fs) {
            this.fs = Objects.requireNonNull(fs, "fs");
            return this;
        }

        public BubblewrapCommand build() {
            List<String> args = new ArrayList<>();
            args.add(bwrap.toString());
            args.add("--unshare-all");
            if (disableNestedUserNamespaces) {
                // --disable-userns needs the user namespace requested explicitly, not "-try".
                args.add("--unshare-user");
                args.add("--disable-userns");
            }
            args.addAll(List.of("--die-with-parent", "--new-session", "--cap-drop", "ALL",
                    "--uid", Integer.toString(sandboxUid), "--gid", Integer.toString(sandboxGid),
                    "--hostname", hostname));

            Set<Path> covered = new LinkedHashSet<>();
            bind(args, "--ro-bind", USR);
            covered.add(USR);
            for (Path dir : ROOT_DIRS) {
                var target = fs.symlinkTarget(dir);
                if (target.isPresent()) {
                    args.addAll(List.of("--symlink", target.get(), dir.toString()));
                    covered.add(dir);
                } else if (fs.exists(dir)) {
                    bind(args, "--ro-bind", dir);
                    covered.add(dir);
                }
            }
            for (Path p : ETC_FILES) {
                bind(args, "--ro-bind-try", p);
                covered.add(p);
            }
            Set<Path> wanted = new LinkedHashSet<>();
            if (r != null) {
                wanted.add(r.rHome());
                wanted.addAll(r.libraryPaths());
            }
            wanted.addAll(extraReadOnly);
            for (Path p : wanted) {
                Path normal = p.normalize();
                if (covered.stream().noneMatch(normal::startsWith)) {
                    bind(args, "--ro-bind-try", normal);
                    covered.add(normal);
                }
            }

            args.addAll(List.of("--proc", "/proc", "--dev", "/dev"));
            if (tmpSizeSupported) {
                args.addAll(List.of("--size", Long.toString(tmpSizeBytes)));
            }
            args.addAll(List.of("--tmpfs", TMP.toString()));
            if (sessionDir != null) {
                args.addAll(List.of("--ro-bind", sessionDir.toString(), SESSION_DIR_IN_CHILD.toString()));
            }
            // bwrap's own root and its --dev are tmpfs mounts as large as host RAM; left writable,
            // code could fill host RAM outside the size-capped /tmp (through /, /etc, /dev/shm).
            // Device nodes stay writable on a read-only mount, and the other mounts keep their
            // own flags (/tmp writable).
            args.addAll(List.of("--remount-ro", "/dev", "--remount-ro", "/"));
            args.addAll(List.of("--chdir", TMP.toString()));
            if (seccompFd >= 0) {
                args.addAll(List.of("--seccomp", Integer.toString(seccompFd)));
            }
            // The caller is meant to pass a clean environment already; clearing it here as well
            // means a mistake there still leaks nothing into the sandbox.
            args.add("--clearenv");
            for (Map.Entry<String, String> e : environment.variables().entrySet()) {
                args.addAll(List.of("--setenv", e.getKey(), e.getValue()));
            }
            return new BubblewrapCommand(args, argsFd);
        }

        private static void bind(List<String> args, String option, Path p) {
            args.addAll(List.of(option, p.toString(), p.toString()));
        }

        private static Path absolute(String name, Path p) {
            Objects.requireNonNull(p, name);
            if (!p.isAbsolute()) {
                throw new IllegalArgumentException(name + " must be an absolute path, got " + p);
            }
            return p;
        }
    }
}
