package io.securer;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.spi.ToolProvider;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The package dependencies of compiled classes, as the JDK's {@code jdeps} reports them: the
 * build check behind "the API is one package, the engine is not API, no package cycles". Published
 * in the test jar so that every module can check it imports only {@code io.securer}.
 */
public final class PackageDependencies {
    private static final Pattern EDGE = Pattern.compile("^\\s+(io\\.securer[\\w.]*)\\s+->\\s+(io\\.securer[\\w.]*)\\s");

    private PackageDependencies() {
    }

    /** securer package to the securer packages it uses (itself excluded), for the classes under {@code classes}. */
    public static Map<String, Set<String>> of(Path classes) {
        ToolProvider jdeps = ToolProvider.findFirst("jdeps")
                .orElseThrow(() -> new AssertionError("jdeps is missing: run the tests on a JDK, not a JRE"));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = jdeps.run(new PrintWriter(out), new PrintWriter(err), "-verbose:package",
                "-filter:none", classes.toString());
        if (status != 0) {
            throw new AssertionError("jdeps failed (" + status + "): " + err);
        }
        Map<String, Set<String>> edges = new TreeMap<>();
        for (String line : out.toString().split("\n")) {
            Matcher m = EDGE.matcher(line);
            if (m.find() && !m.group(1).equals(m.group(2))) {
                edges.computeIfAbsent(m.group(1), k -> new TreeSet<>()).add(m.group(2));
            }
        }
        return edges;
    }

    /** The securer packages the classes under {@code classes} use from other modules. */
    public static Set<String> usedSecurerPackages(Path classes, String ownPackagePrefix) {
        Set<String> used = new TreeSet<>();
        of(classes).values().forEach(used::addAll);
        used.removeIf(p -> p.startsWith(ownPackagePrefix));
        return used;
    }
}
