package io.securer.spring.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The Java in {@code docs/spring-boot.md} is copied from code that compiles: each fenced
 * {@code java} block appears, whitespace-normalized, in a Java source of the repository.
 */
class SpringBootDocTest {
    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();

    private static String normalize(String s) {
        return s.replaceAll("\\s+", " ").strip();
    }

    private static List<String> javaBlocks(Path doc) throws IOException {
        List<String> blocks = new ArrayList<>();
        StringBuilder block = null;
        for (String line : Files.readAllLines(doc, StandardCharsets.UTF_8)) {
            if (block == null && line.equals("```java")) {
                block = new StringBuilder();
            } else if (block != null && line.equals("```")) {
                blocks.add(block.toString());
                block = null;
            } else if (block != null) {
                block.append(line).append('\n');
            }
        }
        return blocks;
    }

    @Test
    void everyJavaBlockOfTheSpringBootDocIsCopiedFromASource() throws IOException {
        List<String> sources = new ArrayList<>();
        try (Stream<Path> s = Files.walk(ROOT)) {
            for (Path p : s.filter(p -> p.toString().endsWith(".java") && !p.toString().contains("/target/")).toList()) {
                sources.add(normalize(Files.readString(p, StandardCharsets.UTF_8)));
            }
        }
        List<String> blocks = javaBlocks(ROOT.resolve("docs/spring-boot.md"));
        assertFalse(blocks.isEmpty());
        List<String> missing = blocks.stream()
                .filter(b -> sources.stream().noneMatch(src -> src.contains(normalize(b)))).toList();
        assertEquals(List.of(), missing);
    }
}
