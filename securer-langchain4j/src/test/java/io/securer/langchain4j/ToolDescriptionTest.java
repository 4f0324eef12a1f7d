package io.securer.langchain4j;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.securer.ArgType;
import io.securer.SandboxMode;
import io.securer.SecurerTool;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ToolDescriptionTest {
    private static final String START = "Runs R code in a persistent sandboxed R session and returns what R prints: "
            + "any output (print, cat, message), then the value of the last expression, printed as the R console "
            + "shows it. Variables and functions you define persist between calls in this conversation. Data frames "
            + "show their first rows and the total row count, and long results are truncated, so summarise large "
            + "data in R rather than printing it. There is no network access and no file access outside /tmp; "
            + "packages cannot be installed. ";
    private static final String NO_PLOTS = "Plots are not shown to the user; report results as text. ";
    private static final String TIMEOUT = "Each call may run for at most 30 s. ";
    private static final String PREAMBLE = START + NO_PLOTS + TIMEOUT;
    private static final String FULL_HEADER = "\nThese R functions are defined in the session; they run on the host "
            + "and return R values (lists of records arrive as data frames). Call them with named arguments:";
    private static final String LIST_HINT = "\nA list argument takes a vector or a list: c(\"a\", \"b\"), 1:3, "
            + "list(...); a record is a named list, e.g. list(id = \"A1\", qty = 2L), and a map a named vector, "
            + "e.g. c(a = 1, b = 2).";

    private static String build(List<SecurerTool> tools) {
        return ToolDescription.build(tools, Duration.ofSeconds(30), true, SandboxMode.BUBBLEWRAP);
    }

    /** n tools named tool_01, tool_02, ... each with a two-sentence description. */
    private static List<SecurerTool> numbered(int n) {
        return IntStream.rangeClosed(1, n).mapToObj(i -> SecurerTool.builder(String.format("tool_%02d", i))
                .description("Does thing " + i + ". More detail.").arg("x", ArgType.NUMERIC)
                .handler(a -> null).build()).toList();
    }

    @Test
    void listsHostFunctionsWithSignaturesAndHints() {
        SecurerTool sales = SecurerTool.builder("get_sales").description("Sales by region")
                .arg("region", ArgType.CHARACTER).handler(a -> null).build();
        SecurerTool top = SecurerTool.builder("top_n").arg("n", ArgType.INTEGER)
                .optionalArg("fields", ArgType.LIST).handler(a -> null).build();
        assertEquals(PREAMBLE + FULL_HEADER
                        + "\n- get_sales(region: character): Sales by region"
                        + "\n- top_n(n: integer, fields: list = NULL)"
                        + LIST_HINT,
                build(List.of(sales, top)));
    }

    @Test
    void aMultiLineDescriptionStaysOnItsFunctionsLine() {
        SecurerTool report = SecurerTool.builder("report").description("Builds the report.\n\n  Slow: call once.\n")
                .handler(a -> null).build();
        assertEquals(PREAMBLE + FULL_HEADER + "\n- report(): Builds the report. Slow: call once.", build(List.of(report)));
    }

    @Test
    void atTheThresholdWithACatalogEveryFunctionIsListedInFull() {
        String d = build(SecurerTools.withCatalog(numbered(SecurerTools.CATALOG_THRESHOLD)));
        StringBuilder expected = new StringBuilder(PREAMBLE + FULL_HEADER);
        numbered(SecurerTools.CATALOG_THRESHOLD).forEach(t -> expected.append("\n- ").append(t.signature())
                .append(": ").append(t.description()));
        expected.append("\n- list_tools(pattern: character = NULL): Lists the host functions: a data frame of name and "
                + "description; pattern (a regular expression, case-insensitive) keeps those whose name or "
                + "description matches");
        expected.append("\n- tool_help(name: character): The signature and full description of one host function");
        assertEquals(expected.toString(), d);
    }

    @Test
    void aboveTheThresholdWithACatalogOnlyNamesAndSummariesAreListed() {
        int n = SecurerTools.CATALOG_THRESHOLD + 1;
        String d = build(SecurerTools.withCatalog(numbered(n)));
        StringBuilder expected = new StringBuilder(PREAMBLE + "\nThese 21 R functions are defined in the session; "
                + "they run on the host and return R values. Only their names are listed: call tool_help(\"name\") for "
                + "a function's arguments before using it, and list_tools(pattern) to search them:"
                + "\n- list_tools(pattern: character = NULL)\n- tool_help(name: character)");
        for (int i = 1; i <= n; i++) {
            expected.append(String.format("\n- tool_%02d: Does thing %d.", i, i));
        }
        assertEquals(expected.toString(), d);
    }

    @Test
    void aboveTheThresholdWithoutACatalogEveryFunctionIsStillListedInFull() {
        List<SecurerTool> tools = numbered(SecurerTools.CATALOG_THRESHOLD + 1);
        List<String> lines = new ArrayList<>();
        tools.forEach(t -> lines.add("- " + t.signature() + ": " + t.description()));
        assertEquals(PREAMBLE + FULL_HEADER + "\n" + String.join("\n", lines), build(tools));
    }

    @Test
    void anUnsandboxedSessionIsNotCalledSandboxed() {
        String d = ToolDescription.build(List.of(), Duration.ofSeconds(30), true, SandboxMode.NONE);
        assertEquals("Runs R code in a persistent R session and returns what R prints: any output (print, cat, "
                + "message), then the value of the last expression, printed as the R console shows it. Variables and "
                + "functions you define persist between calls in this conversation. Data frames show their first rows "
                + "and the total row count, and long results are truncated, so summarise large data in R rather than "
                + "printing it. Plots are not shown to the user; report results as text. Each call may run for at "
                + "most 30 s. No host functions are available; use base R.", d);
    }

    private static String withExtras(List<String> packages, boolean shown, boolean toModel) {
        return ToolDescription.build(List.of(), Duration.ofSeconds(30), true, SandboxMode.BUBBLEWRAP, packages, shown,
                toModel);
    }

    @Test
    void installedPackagesAreNamedAndNoneFoundSaysBaseR() {
        assertEquals(START + "Add-on R packages installed: ggplot2, dplyr (attach them with library()); assume no "
                        + "other add-on packages. Plots you draw (base graphics, or a ggplot printed with print() or as "
                        + "the last value) are shown to the user as images; you cannot see them, so state key numbers "
                        + "in text. " + TIMEOUT + "No host functions are available; use base R.",
                withExtras(List.of("ggplot2", "dplyr"), true, false));
        assertEquals(START + "No add-on R packages (such as ggplot2 or dplyr) are installed; use base R. " + NO_PLOTS
                + TIMEOUT + "No host functions are available; use base R.", withExtras(List.of(), false, false));
    }

    @Test
    void thePlotSentenceSaysWhoSeesThePlots() {
        String end = TIMEOUT + "No host functions are available; use base R.";
        assertEquals(START + "Plots you draw (base graphics) are shown to the user, and you receive them as images. "
                + end, withExtras(null, true, true));
        assertEquals(START + "Plots you draw (base graphics) come back to you as images; the user does not see them. "
                + end, withExtras(null, false, true));
        // ggplot is only mentioned when ggplot2 is installed
        assertEquals(START + "Add-on R packages installed: lattice (attach them with library()); assume no other "
                + "add-on packages. Plots you draw (base graphics) are shown to the user as images; you cannot see "
                + "them, so state key numbers in text. " + end, withExtras(List.of("lattice"), true, false));
    }

    @Test
    void withoutHostFunctionsSaysBaseR() {
        assertEquals(PREAMBLE + "No host functions are available; use base R.", build(List.of()));
    }
}
