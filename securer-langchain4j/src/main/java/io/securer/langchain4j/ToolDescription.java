package io.securer.langchain4j;

import io.securer.ArgType;
import io.securer.SandboxMode;
import io.securer.SecurerTool;
import java.time.Duration;
import java.util.List;

/** Builds the run_r_code description the model reads; it lists the host functions R may call. */
final class ToolDescription {
    private ToolDescription() {
    }

    static String build(List<SecurerTool> tools, Duration timeout, boolean keepsState, SandboxMode sandbox) {
        boolean sandboxed = sandbox != SandboxMode.NONE;
        StringBuilder sb = new StringBuilder();
        sb.append("Runs R code in a ").append(keepsState ? "persistent " : "").append(sandboxed ? "sandboxed " : "")
                .append("R session and returns ")
                .append("what R prints: any output (print, cat, message), then the value of the last expression, ")
                .append("printed as the R console shows it. ");
        if (keepsState) {
            sb.append("Variables and functions you define persist between calls in this conversation. ");
        }
        sb.append("Data frames show their first rows and the total row count, and long results are truncated, ")
                .append("so summarise large data in R rather than printing it. ")
                .append(sandboxed ? "There is no network access and no file access outside /tmp; packages cannot "
                        + "be installed. " : "");
        if (timeout != null) {
            sb.append("Each call may run for at most ").append(ToolResultText.format(timeout)).append(". ");
        }
        if (tools.isEmpty()) {
            sb.append("No host functions are available; use base R.");
            return sb.toString();
        }
        sb.append("\nThese R functions are defined in the session; they run on the host and return parsed data ")
                .append("(JSON arrays of records arrive as data frames). Call them with named arguments:");
        boolean integers = false;
        boolean lists = false;
        for (SecurerTool t : tools) {
            sb.append("\n- ").append(t.signature());
            if (!t.description().isBlank()) {
                sb.append(": ").append(t.description().strip());
            }
            for (SecurerTool.Arg a : t.args()) {
                integers |= a.type() == ArgType.INTEGER;
                lists |= a.type() == ArgType.LIST;
            }
        }
        if (integers) {
            sb.append("\nArguments of type integer need R integers, e.g. 5L.");
        }
        if (lists) {
            sb.append("\nArguments of type list need an R list, e.g. list(\"a\", \"b\").");
        }
        return sb.toString();
    }
}
