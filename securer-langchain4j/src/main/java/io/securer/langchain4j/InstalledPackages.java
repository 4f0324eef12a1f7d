package io.securer.langchain4j;

import com.fasterxml.jackson.databind.JsonNode;
import io.securer.ExecuteOptions;
import io.securer.ExecutionResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds out which of a list of R packages the sessions can load, by asking R itself (inside the
 * sandbox, which sees the library directories the sandbox binds, not the host's), so the tool
 * description names only packages that are really there. Stateless.
 */
final class InstalledPackages {
    private static final Logger LOG = LoggerFactory.getLogger(InstalledPackages.class);
    // CRAN's rule for package names; the names are pasted into R code, so nothing else gets in.
    private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9.]*[A-Za-z0-9]");
    static final Duration PROBE_TIMEOUT = Duration.ofSeconds(10);

    private InstalledPackages() {
    }

    /** A copy of {@code names}, each checked to be a valid R package name, duplicates removed. */
    static List<String> validate(List<String> names) {
        Objects.requireNonNull(names, "names");
        Set<String> seen = new HashSet<>();
        List<String> out = new ArrayList<>();
        for (String n : names) {
            if (n == null || !NAME.matcher(n).matches()) {
                throw new IllegalArgumentException("not an R package name: " + (n == null ? "null" : "'" + n + "'"));
            }
            if (seen.add(n)) {
                out.add(n);
            }
        }
        return List.copyOf(out);
    }

    /**
     * R code whose value is the installed packages among {@code names}: {@code system.file} only
     * looks for the package's directory, so nothing is loaded or attached, and {@code local}
     * leaves no variable behind. Base functions are named with {@code base::} because a shared
     * session may hold the model's own functions of the same names.
     */
    static String probeCode(List<String> names) {
        String vector = names.stream().map(n -> "\"" + n + "\"").collect(Collectors.joining(", "));
        return "base::local({ p <- base::c(" + vector + "); p[base::nzchar(base::vapply(p, function(x) "
                + "base::system.file(package = x), \"\"))] })";
    }

    /**
     * The names from R's answer that were asked for, in the order asked. R's answer is untrusted
     * (the child runs model-written code), so anything not asked for is ignored.
     */
    static List<String> parse(JsonNode value, List<String> asked) {
        Set<String> found = new HashSet<>();
        if (value != null && value.isTextual()) {
            found.add(value.textValue());
        } else if (value != null && value.isArray()) {
            value.forEach(v -> {
                if (v.isTextual()) {
                    found.add(v.textValue());
                }
            });
        } else if (value != null && !value.isNull()) {
            throw new IllegalArgumentException("unexpected answer " + value);
        }
        return asked.stream().filter(found::contains).toList();
    }

    /** The installed packages among {@code names}, or null when R could not tell (logged). */
    static List<String> find(SessionSource source, List<String> names) {
        if (names.isEmpty()) {
            return null;
        }
        try {
            ExecutionResult r = source.probe(probeCode(names), ExecuteOptions.builder().timeout(PROBE_TIMEOUT).build());
            return parse(r.value(), names);
        } catch (RuntimeException e) {
            LOG.warn("could not ask R which packages are installed; run_r_code's description will not list them", e);
            return null;
        }
    }
}
