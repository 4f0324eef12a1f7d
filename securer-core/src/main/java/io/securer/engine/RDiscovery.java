package io.securer.engine;


import io.securer.engine.sandbox.RInstallation;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Finds the R installation behind an R launcher ("R" on PATH by default) and checks the packages
 * the child needs. Asked once per launcher per JVM: the answer lets sessions exec R's binary
 * directly (skipping the shell wrapper saves ~20 ms per start) and bind its paths in the sandbox.
 * Thread-safe.
 */
public final class RDiscovery {
    public static final String INSTALL_HINT = "install them with: apt-get install -y --no-install-recommends "
            + "r-base-core r-cran-jsonlite r-cran-processx (Debian/Ubuntu), or in R: "
            + "install.packages(c(\"jsonlite\", \"processx\"))";

    private static final Map<String, RInstallation> CACHE = new ConcurrentHashMap<>();
    private static final String PROBE = String.join(";",
            "cat('R_HOME=', R.home(), '\\n', sep='')",
            "for (v in c('R_SHARE_DIR','R_INCLUDE_DIR','R_DOC_DIR','LD_LIBRARY_PATH')) cat(v, '=', Sys.getenv(v), '\\n', sep='')",
            "cat('R_BINARY=', file.path(R.home('bin'), 'exec', 'R'), '\\n', sep='')",
            "for (p in .libPaths()) cat('LIB=', normalizePath(p), '\\n', sep='')",
            "for (p in c('jsonlite','processx')) cat('PKG=', p, '=', requireNamespace(p, quietly=TRUE), '\\n', sep='')");

    private RDiscovery() {
    }

    /** The installation behind {@code launcher}; throws {@link ChildStartException} of kind SETUP when R or a package is missing. */
    public static RInstallation discover(String launcher) {
        RInstallation known = CACHE.get(launcher);
        if (known != null) {
            return known;
        }
        RInstallation found = probe(launcher);
        CACHE.putIfAbsent(launcher, found);
        return found;
    }

    private static RInstallation probe(String launcher) {
        ProcessBuilder pb = new ProcessBuilder(launcher, "--vanilla", "--slave", "--no-readline", "-e", PROBE)
                .redirectErrorStream(true);
        // Only what R itself needs: the user's R_LIBS* must not change which packages the child sees.
        Map<String, String> env = pb.environment();
        String path = env.getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin");
        env.clear();
        env.put("PATH", path);
        env.put("LANG", "C.UTF-8");
        String text;
        try {
            Process p = ProcessLauncher.start(pb);
            try (InputStream in = p.getInputStream()) {
                text = new String(in.readNBytes(64 * 1024), StandardCharsets.UTF_8);
            }
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new ChildStartException(ChildStartException.Kind.SETUP, "R did not answer within 60 s when asked for its installation ("
                        + launcher + ")");
            }
            if (p.exitValue() != 0) {
                throw new ChildStartException(ChildStartException.Kind.SETUP, "R failed to start (" + launcher + ", exit " + p.exitValue() + "): "
                        + tail(text) + "; " + INSTALL_HINT);
            }
        } catch (IOException e) {
            throw new ChildStartException(ChildStartException.Kind.SETUP, "R was not found: could not run '" + launcher + "' (" + e.getMessage()
                    + "). Install R and its packages: apt-get install -y --no-install-recommends r-base-core "
                    + "r-cran-jsonlite r-cran-processx (Debian/Ubuntu), or point SecureSession.builder().rExecutable(...) at R", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ChildStartException(ChildStartException.Kind.SETUP, "interrupted while looking for R", e);
        }
        return parse(launcher, text);
    }

    static RInstallation parse(String launcher, String text) {
        Map<String, String> vars = new LinkedHashMap<>();
        List<Path> libs = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.startsWith("LIB=")) {
                libs.add(Path.of(line.substring(4)));
            } else if (line.startsWith("PKG=")) {
                String[] parts = line.split("=");
                if (parts.length == 3 && !"TRUE".equals(parts[2].trim())) {
                    missing.add(parts[1]);
                }
            } else {
                int eq = line.indexOf('=');
                if (eq > 0) {
                    vars.put(line.substring(0, eq), line.substring(eq + 1));
                }
            }
        }
        if (!missing.isEmpty()) {
            throw new ChildStartException(ChildStartException.Kind.SETUP, "R package(s) " + missing + " not installed for " + launcher + "; "
                    + INSTALL_HINT);
        }
        String home = vars.get("R_HOME");
        String binary = vars.get("R_BINARY");
        if (home == null || binary == null || !Files.isExecutable(Path.of(binary))) {
            throw new ChildStartException(ChildStartException.Kind.SETUP, "could not locate R's binary via " + launcher + ": " + tail(text));
        }
        Map<String, String> rEnv = new LinkedHashMap<>();
        rEnv.put("R_HOME", home);
        for (String k : List.of("R_SHARE_DIR", "R_INCLUDE_DIR", "R_DOC_DIR", "LD_LIBRARY_PATH")) {
            String v = vars.get(k);
            if (v != null && !v.isEmpty()) {
                rEnv.put(k, v);
            }
        }
        return new RInstallation(Path.of(home), Path.of(binary), Map.copyOf(rEnv), List.copyOf(libs));
    }

    private static String tail(String text) {
        String t = text.strip();
        return t.length() <= 2000 ? t : "..." + t.substring(t.length() - 2000);
    }
}
