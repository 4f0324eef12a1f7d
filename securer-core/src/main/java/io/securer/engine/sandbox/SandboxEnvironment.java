package io.securer.engine.sandbox;

import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The complete environment of the child: an allowlist, never a copy of the host's environment
 * with secrets removed. Host secrets (API keys, tokens, {@code R_LIBS*}, {@code R_PROFILE*},
 * {@code R_ENVIRON*}) therefore cannot reach R, whatever their names.
 *
 * <p>Contents: {@code PATH=/usr/bin:/bin}, {@code HOME}, {@code TMPDIR}, {@code LANG} (the host's
 * value when it looks like a locale name, else {@code C.UTF-8}), {@code TZ} (the host's value when
 * set and well-formed, else {@code UTC}), and from {@link RInstallation#rEnv()} only
 * {@link #R_VARIABLES}.
 *
 * <p>Immutable and thread-safe; {@link #variables()} is sorted by name so argument lists built
 * from it are deterministic.
 *
 * @param variables name to value
 */
public record SandboxEnvironment(Map<String, String> variables) {

    /** The only variables taken from {@link RInstallation#rEnv()}. */
    public static final Set<String> R_VARIABLES =
            Set.of("R_HOME", "R_SHARE_DIR", "R_INCLUDE_DIR", "R_DOC_DIR", "LD_LIBRARY_PATH");

    static final String DEFAULT_LANG = "C.UTF-8";
    static final String DEFAULT_TZ = "UTC";
    private static final String PATH = "/usr/bin:/bin";
    private static final String CONTAINER_PATH = "/usr/local/bin:/usr/bin:/bin";

    // language[_territory][.codeset][@modifier], or C / POSIX; anything else (e.g. a value
    // carrying shell syntax or a path) is replaced rather than passed through.
    private static final Pattern LOCALE =
            Pattern.compile("C|POSIX|[A-Za-z]{1,8}(_[A-Za-z0-9]{1,8})?(\\.[A-Za-z0-9_-]{1,32})?(@[A-Za-z0-9_-]{1,32})?");
    private static final Pattern TIMEZONE = Pattern.compile("[A-Za-z0-9_+\\-/:.,<>]{1,64}");
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    public SandboxEnvironment {
        Objects.requireNonNull(variables, "variables");
        TreeMap<String, String> sorted = new TreeMap<>();
        for (Map.Entry<String, String> e : variables.entrySet()) {
            String name = Objects.requireNonNull(e.getKey(), "variable name");
            String value = Objects.requireNonNull(e.getValue(), () -> "value of " + name);
            if (!NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("invalid environment variable name: " + name);
            }
            if (value.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("environment variable " + name + " contains a NUL character");
            }
            sorted.put(name, value);
        }
        variables = Collections.unmodifiableMap(sorted);
    }

    /**
     * Builds the allowlisted environment.
     *
     * @param hostEnv the host's environment; only {@code LANG} and {@code TZ} are read from it
     * @param r       the R installation whose {@link #R_VARIABLES} are kept
     * @param home    value of {@code HOME} as the child sees it
     * @param tmpDir  value of {@code TMPDIR} as the child sees it
     */
    public static SandboxEnvironment of(Map<String, String> hostEnv, RInstallation r, Path home, Path tmpDir) {
        Objects.requireNonNull(hostEnv, "hostEnv");
        Objects.requireNonNull(r, "r");
        Map<String, String> env = new TreeMap<>();
        for (Map.Entry<String, String> e : r.rEnv().entrySet()) {
            if (R_VARIABLES.contains(e.getKey())) {
                env.put(e.getKey(), e.getKey().equals("LD_LIBRARY_PATH") ? libraryPath(e.getValue()) : e.getValue());
            }
        }
        env.putAll(common(hostEnv, PATH, home, tmpDir));
        return new SandboxEnvironment(env);
    }

    /**
     * The environment inside a container: the same allowlist without R's own variables (the R
     * in the image sets them itself), {@code HOME}, {@code TMPDIR} and the working directory in
     * {@code /tmp}, and a {@code PATH} that also finds an R installed under {@code /usr/local}.
     */
    public static SandboxEnvironment forContainer(Map<String, String> hostEnv) {
        Objects.requireNonNull(hostEnv, "hostEnv");
        Path tmp = Path.of("/tmp");
        return new SandboxEnvironment(common(hostEnv, CONTAINER_PATH, tmp, tmp));
    }

    private static Map<String, String> common(Map<String, String> hostEnv, String path, Path home, Path tmpDir) {
        Map<String, String> env = new TreeMap<>();
        env.put("PATH", path);
        env.put("HOME", home.toString());
        env.put("TMPDIR", tmpDir.toString());
        env.put("LANG", matchesOr(hostEnv.get("LANG"), LOCALE, DEFAULT_LANG));
        env.put("TZ", matchesOr(hostEnv.get("TZ"), TIMEZONE, DEFAULT_TZ));
        // The runtime's own functions stay uncompiled: byte-compiling them on first call cost
        // ~35 ms of start-up and ~18 ms of the first execution. The runtime switches the JIT on
        // (R's default level 3) while user code runs.
        env.put("R_ENABLE_JIT", "0");
        return env;
    }

    /**
     * R's library path without the host's JVM directories (R's ldpaths adds the JVM for rJava):
     * they would tell sandboxed code where the host's Java lives, and R itself never needs them.
     */
    static String libraryPath(String value) {
        StringBuilder sb = new StringBuilder();
        for (String dir : value.split(":")) {
            if (dir.isEmpty() || dir.contains("/jvm/") || dir.contains("/java")) {
                continue;
            }
            if (sb.length() > 0) {
                sb.append(':');
            }
            sb.append(dir);
        }
        return sb.toString();
    }

    /** A copy with one variable added or replaced. */
    public SandboxEnvironment with(String name, String value) {
        Map<String, String> copy = new TreeMap<>(variables);
        copy.put(name, value);
        return new SandboxEnvironment(copy);
    }

    private static String matchesOr(String value, Pattern pattern, String fallback) {
        return value != null && pattern.matcher(value).matches() ? value : fallback;
    }
}
