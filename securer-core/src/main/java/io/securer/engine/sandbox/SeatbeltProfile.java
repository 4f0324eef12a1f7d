package io.securer.engine.sandbox;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A deny-by-default macOS Seatbelt ({@code sandbox-exec -p}) profile for the child R process.
 *
 * <p>What it allows: forking, and executing only the R binary and the system shell (R's
 * {@code system()} needs {@code /bin/sh}, which on macOS re-executes the selected shell);
 * reading system libraries, R's home, the library paths and the session directories; writing
 * only to the session's temporary and socket directories (and {@code /dev/null}); connecting
 * only to the session's Unix socket; reading sysctls; signalling and inspecting only itself.
 * Everything else, including all other network access, falls under {@code (deny default)}.
 * File metadata (stat) is readable everywhere because dyld and {@code realpath()} stat every
 * ancestor of every path they resolve; it does not expose file contents.
 *
 * <p>Seatbelt matches resolved paths (e.g. {@code /private/var/...}, not {@code /var/...}), so
 * callers should pass real paths. Paths containing {@code "}, {@code \} or control characters are
 * rejected rather than escaped, so nothing can break out of a string literal.
 *
 * <p>Immutable and thread-safe once built; {@link Builder} is not thread-safe.
 */
public final class SeatbeltProfile {

    /** System locations R and its dynamic libraries read from on macOS. */
    static final List<String> SYSTEM_READ_PATHS = List.of("/usr/lib", "/usr/share", "/System/Library",
            "/Library/Frameworks/R.framework", "/private/var/db/timezone", "/private/var/select");
    /** Shells {@code /bin/sh} may hand over to on macOS. */
    static final List<String> SHELLS = List.of("/bin/sh", "/bin/bash", "/bin/dash", "/bin/zsh");

    private final String text;

    private SeatbeltProfile(String text) {
        this.text = text;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The profile source, to pass as {@code sandbox-exec -p <text>}. */
    public String text() {
        return text;
    }

    @Override
    public String toString() {
        return text;
    }

    /** Collects the paths the profile names. R binary, temporary directory and socket are required. */
    public static final class Builder {
        private Path rBinary;
        private Path rHome;
        private final Set<Path> libraryPaths = new LinkedHashSet<>();
        private Path tempDir;
        private Path socket;

        private Builder() {
        }

        /** R's binary, home and library paths, all readable; only the binary is executable. */
        public Builder rInstallation(RInstallation r) {
            Objects.requireNonNull(r, "r");
            this.rBinary = r.rBinary();
            this.rHome = r.rHome();
            this.libraryPaths.addAll(r.libraryPaths());
            return this;
        }

        /** The session's temporary directory: readable and writable. */
        public Builder tempDir(Path tempDir) {
            this.tempDir = Objects.requireNonNull(tempDir, "tempDir");
            return this;
        }

        /** The IPC socket: its directory is readable and writable, and it is the only connectable address. */
        public Builder socket(Path socket) {
            this.socket = Objects.requireNonNull(socket, "socket");
            return this;
        }

        /** @throws IllegalArgumentException when a path is missing, relative, or unsafe to quote */
        public SeatbeltProfile build() {
            if (rBinary == null || tempDir == null || socket == null) {
                throw new IllegalArgumentException("rInstallation, tempDir and socket are required");
            }
            Set<String> writable = new LinkedHashSet<>();
            writable.add(quote(tempDir));
            writable.add(quote(socket.getParent()));
            List<String> readable = new ArrayList<>();
            for (String p : SYSTEM_READ_PATHS) {
                readable.add("(subpath \"" + p + "\")");
            }
            for (String shell : SHELLS) {
                readable.add("(literal \"" + shell + "\")");
            }
            Set<String> rPaths = new LinkedHashSet<>();
            rPaths.add(quote(rHome));
            for (Path lib : libraryPaths) {
                rPaths.add(quote(lib));
            }
            rPaths.addAll(writable);
            for (String p : rPaths) {
                readable.add("(subpath " + p + ")");
            }

            StringBuilder sb = new StringBuilder();
            sb.append("(version 1)\n");
            sb.append("(deny default)\n");
            sb.append("(allow process-fork)\n");
            sb.append("(allow process-exec");
            for (String shell : SHELLS) {
                sb.append(" (literal \"").append(shell).append("\")");
            }
            sb.append(" (literal ").append(quote(rBinary)).append("))\n");
            sb.append("(allow signal (target self))\n");
            sb.append("(allow process-info* (target self))\n");
            sb.append("(allow sysctl-read)\n");
            // localtime() and friends ask notifyd about time zone changes.
            sb.append("(allow mach-lookup (global-name \"com.apple.system.notification_center\"))\n");
            sb.append("(allow file-read-metadata)\n");
            sb.append("(allow file-read*\n");
            for (String r : readable) {
                sb.append("    ").append(r).append('\n');
            }
            sb.append("    (literal \"/dev/null\") (literal \"/dev/random\") (literal \"/dev/urandom\"))\n");
            sb.append("(allow file-write*\n");
            for (String w : writable) {
                sb.append("    (subpath ").append(w).append(")\n");
            }
            sb.append("    (literal \"/dev/null\"))\n");
            sb.append("(allow network-outbound (remote unix-socket (path-literal ")
                    .append(quote(socket)).append(")))\n");
            return new SeatbeltProfile(sb.toString());
        }

        /** A Seatbelt string literal for an absolute path, refusing anything that needs escaping. */
        static String quote(Path path) {
            Objects.requireNonNull(path, "path");
            if (!path.isAbsolute()) {
                throw new IllegalArgumentException("Seatbelt profile paths must be absolute, got " + path);
            }
            String s = path.normalize().toString();
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c == '"' || c == '\\' || Character.isISOControl(c)) {
                    throw new IllegalArgumentException(
                            "path cannot be used in a Seatbelt profile (contains '\"', '\\' or a control character): " + s);
                }
            }
            return "\"" + s + "\"";
        }
    }
}
