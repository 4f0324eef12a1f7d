package io.securer.langchain4j;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a file with plain R as the corpus README and {@code check.sh} do:
 * {@code LC_ALL=<locale> LANG=<locale> LANGUAGE= R --vanilla --slave -f FILE 2>&1}, in a directory
 * of its own, here with the time zone given too. stdout and stderr share one file, so the merged
 * order is the order R wrote them in (R flushes stdout before it writes to stderr). Thread-safe:
 * every run has its own files.
 */
final class ReferenceR {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    /** What R printed (stdout and stderr merged) and its exit status. */
    record Run(String output, int status) {
    }

    private final String locale;
    private final String timeZone;
    private final Path workDir;

    /**
     * @param locale   the locale of every category (LC_ALL and LANG)
     * @param timeZone TZ for R
     * @param workDir  an empty directory: R's working directory, and where outputs are written
     */
    ReferenceR(String locale, String timeZone, Path workDir) {
        this.locale = locale;
        this.timeZone = timeZone;
        this.workDir = workDir;
    }

    /** Runs {@code file}; a run that takes longer than a minute is killed and fails. */
    Run run(Path file, String name) throws IOException, InterruptedException {
        return run(file, name, null);
    }

    /**
     * Runs {@code file} with R's just-in-time compiler at {@code jitLevel} (R_ENABLE_JIT; null for
     * R's default, 3). At level 2 R does not byte-compile loops at the top level before running them.
     */
    Run run(Path file, String name, Integer jitLevel) throws IOException, InterruptedException {
        Path out = workDir.resolve(name + (jitLevel == null ? "" : "-jit" + jitLevel) + ".out");
        ProcessBuilder pb = new ProcessBuilder("R", "--vanilla", "--slave", "-f", file.toString())
                .directory(workDir.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectErrorStream(true)
                .redirectOutput(out.toFile());
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("LC_") || k.equals("LANGUAGE"));
        env.put("LC_ALL", locale);
        env.put("LANG", locale);
        env.put("TZ", timeZone);
        if (jitLevel != null) {
            env.put("R_ENABLE_JIT", jitLevel.toString());
        }
        Process p = pb.start();
        try {
            if (!p.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("R took longer than " + TIMEOUT.toSeconds() + " s on " + name);
            }
        } finally {
            if (p.isAlive()) {
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
            }
        }
        try {
            return new Run(Files.readString(out, StandardCharsets.UTF_8), p.exitValue());
        } finally {
            Files.deleteIfExists(out);
        }
    }
}
