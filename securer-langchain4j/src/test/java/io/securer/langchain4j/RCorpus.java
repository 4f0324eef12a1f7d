package io.securer.langchain4j;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The R conformance corpus in {@code src/test/resources/r-corpus} (see its README): short
 * data-analysis snippets whose reference output is what {@code R --vanilla --slave -f} prints.
 */
final class RCorpus {
    /** First snippet number of each group in the corpus README; a group shares one R session in the IT. */
    private static final int[] GROUP_STARTS = {1, 20, 36, 47, 65, 95, 102, 110, 114, 120, 134, 186};
    /**
     * Code that changes R state that removing the global variables and restoring the options does
     * not undo (S4 and reference classes cache methods outside the global environment, attached
     * packages, the environment, the locale, the RNG kind): such a snippet gets an R process of its own.
     */
    private static final Pattern LASTING_STATE = Pattern.compile("\\b(?:setClass|setRefClass|setGeneric|setMethod"
            + "|setValidity|library|require|attach|Sys\\.setenv|Sys\\.setlocale|RNGkind)\\s*\\(");
    private static final Pattern TOP_LEVEL_LOOP = Pattern.compile("(?m)^(?:for|while|repeat)\\b");
    private static final Pattern FILE_NAME = Pattern.compile("(\\d{3})-[A-Za-z0-9-]+\\.R");

    /** One snippet: {@code name} is the file name without {@code .R}. */
    record Snippet(String name, Path file, String code) {
        int number() {
            return Integer.parseInt(name.substring(0, 3));
        }

        /** The corpus names a snippet that must stop with an error {@code NNN-…-error}. */
        boolean endsInError() {
            return name.endsWith("-error");
        }

        /** The group of the corpus README this snippet belongs to, e.g. {@code group-047}. */
        String group() {
            int start = GROUP_STARTS[0];
            for (int s : GROUP_STARTS) {
                if (number() >= s) {
                    start = s;
                }
            }
            return String.format("group-%03d", start);
        }

        /** True when a line starts with a loop: a loop R evaluates at the top level. */
        boolean hasTopLevelLoop() {
            return TOP_LEVEL_LOOP.matcher(code).find();
        }

        /** True when the snippet leaves state behind that a reset of its session would not remove. */
        boolean needsOwnProcess() {
            return LASTING_STATE.matcher(code).find();
        }
    }

    private RCorpus() {
    }

    /** The corpus directory on the test class path. */
    static Path directory() {
        URL url = RCorpus.class.getResource("/r-corpus");
        if (url == null) {
            throw new IllegalStateException("r-corpus is not on the test class path");
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every {@code NNN-name.R} of the corpus, in file name order. */
    static List<Snippet> snippets() {
        Path dir = directory();
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> FILE_NAME.matcher(p.getFileName().toString()).matches())
                    .sorted()
                    .map(RCorpus::read)
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Snippet read(Path file) {
        String fileName = file.getFileName().toString();
        try {
            return new Snippet(fileName.substring(0, fileName.length() - 2), file,
                    Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
