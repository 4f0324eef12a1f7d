package io.securer.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The Java code in the docs is copied from code that compiles: every fenced {@code java} block in
 * the docs must be preceded by {@code <!-- snippet: NAME -->} and equal (whitespace-normalized)
 * the region between {@code // tag::NAME[]} and {@code // end::NAME[]} in securer-examples' sources.
 */
class DocsSnippetsTest {
    private static final Path MODULE = Path.of("").toAbsolutePath();
    private static final Path ROOT = MODULE.getParent();
    private static final List<String> DOCS = List.of("README.md", "docs/quickstart.md", "docs/langchain4j.md",
            "docs/troubleshooting.md");
    private static final Pattern SNIPPET = Pattern.compile("^<!-- snippet: ([a-z0-9-]+) -->$");
    private static final Pattern TAG = Pattern.compile("^\\s*// tag::([a-z0-9-]+)\\[]\\s*$");

    record Block(String doc, int line, String name, String code) {
    }

    @Test
    void everyJavaBlockInTheDocsIsTaggedAndEqualsItsSourceRegion() throws IOException {
        Map<String, String> regions = sourceRegions();
        List<Block> blocks = new ArrayList<>();
        for (String doc : DOCS) {
            blocks.addAll(javaBlocks(doc));
        }
        assertFalse(blocks.isEmpty());
        List<String> problems = new ArrayList<>();
        for (Block b : blocks) {
            String where = b.doc() + ":" + b.line();
            if (b.name() == null) {
                problems.add(where + ": java block without a <!-- snippet: NAME --> line before it");
            } else if (!regions.containsKey(b.name())) {
                problems.add(where + ": no // tag::" + b.name() + "[] region in securer-examples");
            } else if (!normalize(regions.get(b.name())).equals(normalize(b.code()))) {
                problems.add(where + ": snippet '" + b.name() + "' differs from its source region:\n--- source\n"
                        + regions.get(b.name()) + "\n--- doc\n" + b.code());
            }
        }
        if (!problems.isEmpty()) {
            fail(String.join("\n\n", problems));
        }
    }

    /**
     * The reference docs quote the tests instead of tagged regions: each of their java blocks must
     * appear, whitespace-normalized, in some Java source of the repository.
     */
    @Test
    void everyJavaBlockInTheReferenceDocsIsCopiedFromASource() throws IOException {
        List<String> sources = new ArrayList<>();
        try (Stream<Path> s = Files.walk(ROOT)) {
            for (Path p : s.filter(p -> p.toString().endsWith(".java") && !p.toString().contains("/target/")).toList()) {
                sources.add(normalize(Files.readString(p, StandardCharsets.UTF_8)));
            }
        }
        List<String> problems = new ArrayList<>();
        for (String doc : List.of("docs/sessions-and-tools.md", "docs/deployment.md")) {
            for (Block b : javaBlocks(doc)) {
                String code = normalize(b.code());
                if (sources.stream().noneMatch(src -> src.contains(code))) {
                    problems.add(b.doc() + ":" + b.line() + ": java block not found in any source:\n" + b.code());
                }
            }
        }
        if (!problems.isEmpty()) {
            fail(String.join("\n\n", problems));
        }
    }

    @Test
    void everyTaggedRegionIsShownSomewhere() throws IOException {
        List<String> used = new ArrayList<>();
        for (String doc : DOCS) {
            javaBlocks(doc).forEach(b -> used.add(b.name()));
        }
        List<String> unused = sourceRegions().keySet().stream().filter(n -> !used.contains(n)).toList();
        assertEquals(List.of(), unused, "tagged regions no doc shows");
    }

    @Test
    void normalizationIgnoresIndentationAndSpacingOnly() {
        assertEquals(normalize("  a(1,  2);\n\n    b();\n"), normalize("a(1, 2);\nb();"));
        assertFalse(normalize("a(1, 2);").equals(normalize("a(1, 3);")));
        assertFalse(normalize("a();\nb();").equals(normalize("a(); b();")));
    }

    static String normalize(String code) {
        return code.lines().map(l -> l.strip().replaceAll("\\s+", " ")).filter(l -> !l.isEmpty())
                .collect(Collectors.joining("\n"));
    }

    static List<Block> javaBlocks(String doc) throws IOException {
        Path file = ROOT.resolve(doc);
        assertTrue(Files.isRegularFile(file), "missing " + file);
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        List<Block> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (!lines.get(i).strip().startsWith("```")) {
                continue;
            }
            boolean java = lines.get(i).strip().equals("```java");
            int start = i;
            StringBuilder code = new StringBuilder();
            for (i++; i < lines.size() && !lines.get(i).strip().equals("```"); i++) {
                code.append(lines.get(i)).append('\n');
            }
            if (i == lines.size()) {
                fail(doc + ":" + (start + 1) + ": unclosed code fence");
            }
            if (!java) {
                continue;
            }
            int p = start - 1;
            while (p >= 0 && lines.get(p).isBlank()) {
                p--;
            }
            Matcher m = p >= 0 ? SNIPPET.matcher(lines.get(p).strip()) : null;
            out.add(new Block(doc, start + 1, m != null && m.matches() ? m.group(1) : null, code.toString()));
        }
        return out;
    }

    static Map<String, String> sourceRegions() throws IOException {
        Map<String, String> regions = new LinkedHashMap<>();
        List<Path> sources;
        try (Stream<Path> s = Files.walk(MODULE.resolve("src"))) {
            sources = s.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        }
        for (Path source : sources) {
            List<String> lines = Files.readAllLines(source, StandardCharsets.UTF_8);
            for (int i = 0; i < lines.size(); i++) {
                Matcher m = TAG.matcher(lines.get(i));
                if (!m.matches()) {
                    continue;
                }
                String name = m.group(1);
                String end = "// end::" + name + "[]";
                StringBuilder region = new StringBuilder();
                int j = i + 1;
                for (; j < lines.size() && !lines.get(j).strip().equals(end); j++) {
                    region.append(lines.get(j)).append('\n');
                }
                if (j == lines.size()) {
                    fail(source + ": tag::" + name + " has no " + end);
                }
                if (regions.put(name, region.toString()) != null) {
                    fail("two regions are tagged " + name);
                }
            }
        }
        assertFalse(regions.isEmpty(), "no tagged regions under " + MODULE.resolve("src"));
        return regions;
    }
}
