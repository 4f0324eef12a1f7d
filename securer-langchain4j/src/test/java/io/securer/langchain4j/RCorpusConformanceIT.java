package io.securer.langchain4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.securer.SecureSession;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every snippet of the R corpus through {@code run_r_code} (sandboxed) must give what plain
 * {@code R --vanilla --slave -f} prints for it, up to the differences {@link ConsoleConformance}
 * documents. Plain R runs two at a time while the tool works through the snippets; the snippets
 * of one corpus group share one R session, cleaned before each snippet, and a snippet that
 * changes state such a clean-up cannot undo gets a session of its own.
 */
class RCorpusConformanceIT {
    /**
     * Run in a session before a snippet: no variables, warnings or changed options left from the
     * snippet before (see {@link #FIRST_USE}). Options that appeared since are left: R adds some
     * itself, which cannot be removed, and no snippet adds one.
     */
    private static final String RESET = String.join("\n",
            "local({",
            "  rm(list = ls(globalenv(), all.names = TRUE), envir = globalenv())",
            "  if (exists('last.warning', envir = baseenv(), inherits = FALSE)) assign('last.warning', NULL, envir = baseenv())",
            "  options(getOption('conformance.options'))",
            "})",
            "invisible()");
    /** The session's options as it started, kept where the clean-up does not remove them: in an option. */
    private static final String FIRST_USE = "options(conformance.options = options())";
    private static final String PROBE = "cat(Sys.getlocale('LC_CTYPE'), Sys.getlocale('LC_COLLATE'), Sys.getenv('TZ'), sep = '\\n')";
    private static final String INVISIBLE = "(no output; the last value was invisible)";

    @Test
    void everySnippetPrintsWhatPlainRPrints(@TempDir Path work) throws Exception {
        List<RCorpus.Snippet> snippets = RCorpus.snippets();
        assertTrue(snippets.size() >= 100, "the corpus has only " + snippets.size() + " snippets");
        long started = System.nanoTime();
        try (RCodeTool tool = RCodeTool.builder()
                .sessionPerMemoryId(SecureSession.builder().sandbox(true).sandboxStrict(true).sanitizeErrors(true))
                .maxSessions(2)
                .timeout(Duration.ofSeconds(30))
                .build()) {
            // Plain R gets the locale and time zone the sandbox gives R.
            String[] probe = tool.runRCode("probe", PROBE).split("\n");
            assertEquals(3, probe.length, String.join("\n", probe));
            assertEquals(probe[0], probe[1], "LC_CTYPE and LC_COLLATE differ in the sandbox");
            ReferenceR plainR = new ReferenceR(probe[0], probe[2], Files.createDirectory(work.resolve("r")));

            Map<String, Future<ReferenceR.Run>> references = new LinkedHashMap<>();
            ExecutorService pool = Executors.newFixedThreadPool(2, r -> {
                Thread t = new Thread(r, "plain-R");
                t.setDaemon(true);
                return t;
            });
            Map<String, String> actual = new LinkedHashMap<>();
            Map<String, ReferenceR.Run> expected = new LinkedHashMap<>();
            try {
                for (RCorpus.Snippet s : snippets) {
                    references.put(s.name(), pool.submit(() -> plainR.run(s.file(), s.name())));
                }
                Set<String> used = new HashSet<>();
                for (RCorpus.Snippet s : snippets) {
                    actual.put(s.name(), runInCleanSession(tool, s, used));
                }
                for (RCorpus.Snippet s : snippets) {
                    expected.put(s.name(), reference(references.get(s.name()), s.name()));
                }
            } finally {
                pool.shutdownNow();
                assertTrue(pool.awaitTermination(70, TimeUnit.SECONDS), "plain R runs did not end");
            }

            List<String> failures = new ArrayList<>();
            List<String> loops = new ArrayList<>();
            int passed = 0;
            for (RCorpus.Snippet s : snippets) {
                ReferenceR.Run ref = expected.get(s.name());
                assertEquals(s.endsInError(), ref.status() != 0, s.name() + ": plain R's exit status is " + ref.status());
                String got = actual.get(s.name());
                String want = ConsoleConformance.expected(ref.output(), ref.status(), got);
                if (!want.equals(got) && s.hasTopLevelLoop()) {
                    // The documented difference for loops at the top level: R byte-compiles them, which
                    // names the call of a primitive's warning; securer prints what R prints when it
                    // does not compile them (R_ENABLE_JIT=2).
                    ReferenceR.Run uncompiled = plainR.run(s.file(), s.name(), 2);
                    if (ConsoleConformance.expected(uncompiled.output(), uncompiled.status(), got).equals(got)) {
                        loops.add(s.name());
                        want = got;
                    }
                }
                if (want.equals(got)) {
                    passed++;
                } else {
                    failures.add(ConsoleConformance.describe(s.name(), want, got));
                }
            }
            String summary = String.format("r-corpus conformance: %d of %d snippets print what plain R prints "
                            + "(locale %s, TZ %s, %.1f s); %d of them as R does with top-level loops not "
                            + "byte-compiled: %s", passed, snippets.size(), probe[0], probe[2],
                    (System.nanoTime() - started) / 1e9, loops.size(), loops);
            if (failures.isEmpty()) {
                System.out.println(summary);
            } else {
                String report = summary + "\n" + String.join("\n", failures);
                System.out.println(report);
                fail(report);
            }
        }
    }

    /**
     * Runs a snippet in its group's session after removing what the snippet before left, or in a
     * session of its own when it changes state that removal cannot undo.
     */
    private static String runInCleanSession(RCodeTool tool, RCorpus.Snippet s, Set<String> used) {
        String memoryId = s.needsOwnProcess() ? "own-" + s.name() : s.group();
        String prepare = used.add(memoryId) ? FIRST_USE : RESET;
        String prepared = tool.runRCode(memoryId, prepare);
        assertEquals(INVISIBLE, prepared, s.name() + ": preparing the session failed");
        return tool.runRCode(memoryId, s.code());
    }

    private static ReferenceR.Run reference(Future<ReferenceR.Run> f, String name)
            throws InterruptedException, IOException {
        try {
            return f.get(2, TimeUnit.MINUTES);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IllegalStateException("plain R failed on " + name, e.getCause());
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("plain R did not finish " + name, e);
        }
    }
}
