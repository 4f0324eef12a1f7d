package io.securer.langchain4j;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.securer.ArgType;
import io.securer.SandboxMode;
import io.securer.SecurerTool;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ToolDescriptionTest {
    private static final String PREAMBLE = "Runs R code in a persistent sandboxed R session and returns what R prints: "
            + "any output (print, cat, message), then the value of the last expression, printed as the R console "
            + "shows it. Variables and functions you define persist between calls in this conversation. Data frames "
            + "show their first rows and the total row count, and long results are truncated, so summarise large "
            + "data in R rather than printing it. There is no network access and no file access outside /tmp; "
            + "packages cannot be installed. Each call may run for at most 30 s. ";

    @Test
    void listsHostFunctionsWithSignaturesAndHints() {
        SecurerTool sales = SecurerTool.builder("get_sales").description("Sales by region")
                .arg("region", ArgType.CHARACTER).handler(a -> null).build();
        SecurerTool top = SecurerTool.builder("top_n").arg("n", ArgType.INTEGER)
                .optionalArg("fields", ArgType.LIST).handler(a -> null).build();
        assertEquals(PREAMBLE + "\nThese R functions are defined in the session; they run on the host and return "
                        + "parsed data (JSON arrays of records arrive as data frames). Call them with named arguments:"
                        + "\n- get_sales(region: character): Sales by region"
                        + "\n- top_n(n: integer, fields: list = NULL)"
                        + "\nArguments of type integer need R integers, e.g. 5L."
                        + "\nArguments of type list need an R list, e.g. list(\"a\", \"b\").",
                ToolDescription.build(List.of(sales, top), Duration.ofSeconds(30), true, SandboxMode.BUBBLEWRAP));
    }

    @Test
    void anUnsandboxedSessionIsNotCalledSandboxed() {
        String d = ToolDescription.build(List.of(), Duration.ofSeconds(30), true, SandboxMode.NONE);
        assertEquals("Runs R code in a persistent R session and returns what R prints: any output (print, cat, "
                + "message), then the value of the last expression, printed as the R console shows it. Variables and "
                + "functions you define persist between calls in this conversation. Data frames show their first rows "
                + "and the total row count, and long results are truncated, so summarise large data in R rather than "
                + "printing it. Each call may run for at most 30 s. No host functions are available; use base R.", d);
    }

    @Test
    void withoutHostFunctionsSaysBaseR() {
        assertEquals(PREAMBLE + "No host functions are available; use base R.",
                ToolDescription.build(List.of(), Duration.ofSeconds(30), true, SandboxMode.BUBBLEWRAP));
    }
}
