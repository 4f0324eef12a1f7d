package io.securer.langchain4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The documented differences RCorpusConformanceIT allows between plain R and run_r_code, and no more. */
class ConsoleConformanceTest {
    @Test
    void aRunStoppedByAnErrorLosesExecutionHaltedAndTheCallsLineOnly() {
        String r = "[1] 1\nError in inner(x) : bad\nCalls: outer -> inner\nIn addition: Warning message:\n"
                + "In inner(x) : w\nExecution halted\n";
        assertEquals("[1] 1\nError in inner(x) : bad\nIn addition: Warning message:\nIn inner(x) : w",
                ConsoleConformance.expected(r, 1, "irrelevant"));
    }

    @Test
    void onlyTheCallsLineOfTheFinalReportGoes() {
        String r = "Calls: printed by the code\nError in try(stop(\"a\")) : a\nError: b\nExecution halted\n";
        assertEquals("Calls: printed by the code\nError in try(stop(\"a\")) : a\nError: b",
                ConsoleConformance.expected(r, 1, ""));
    }

    @Test
    void anErrorRunMustEndWithExecutionHalted() {
        assertThrows(IllegalArgumentException.class, () -> ConsoleConformance.expected("Error: x\n", 1, ""));
    }

    @Test
    void trailingBlanksAtTheEndGoAndNoOutputIsTheInvisibleNote() {
        assertEquals("[1] NA\nWarning message:\nNAs introduced by coercion",
                ConsoleConformance.expected("[1] NA\nWarning message:\nNAs introduced by coercion \n", 0, ""));
        assertEquals("(no output; the last value was invisible)", ConsoleConformance.expected("", 0, ""));
    }

    @Test
    void hostPathsAreMaskedAsInTheToolText() {
        assertEquals("[1] \"<path>\"", ConsoleConformance.expected("[1] \"/home/alice/x.csv\"\n", 0, ""));
    }

    @Test
    void aLongDataFrameIsCutOnlyWhereTheToolSaysItCutAndByTheRowsItSays() {
        List<String> rows = new ArrayList<>(List.of("   x"));
        for (int i = 1; i <= 25; i++) {
            rows.add(String.format("%-3d%d", i, i));
        }
        String r = "before\n" + String.join("\n", rows) + "\n";
        String actual = "before\n" + String.join("\n", rows.subList(0, 21)) + "\n... [25 rows total]";
        assertEquals(actual, ConsoleConformance.expected(r, 0, actual));
        String wrongCount = "before\n" + String.join("\n", rows.subList(0, 21)) + "\n... [26 rows total]";
        assertEquals(r.strip(), ConsoleConformance.expected(r, 0, wrongCount));
        assertEquals(r.strip() + "\n[25 rows total]", ConsoleConformance.expected(r, 0, r.strip() + "\n[25 rows total]"));
    }

    @Test
    void textOver8000CharactersIsCutAsTheToolCutsIt() {
        String r = "x".repeat(8005) + "\n";
        assertEquals("x".repeat(8000) + "\n... [truncated 5 characters]", ConsoleConformance.expected(r, 0, ""));
    }

    @Test
    void anErrorKeepsTheLinesAfterTheOmittedOnes() {
        String r = "a\nb\nc\nError: e\nExecution halted\n";
        assertEquals("[2 earlier output lines omitted]\nc\nError: e",
                ConsoleConformance.expected(r, 1, "[2 earlier output lines omitted]\nc\nError: e"));
    }

    @Test
    void describeShowsBothSidesWithLineEnds() {
        assertEquals("=== 001-x: first difference at line 2\n"
                        + "--- expected (R --vanilla --slave, documented differences applied)\n"
                        + "   1| a$\n>  2| b $\n"
                        + "--- actual (run_r_code)\n"
                        + "   1| a$\n>  2| b$\n",
                ConsoleConformance.describe("001-x", "a\nb ", "a\nb"));
    }
}
