package io.securer.langchain4j;

import io.securer.ArgType;
import io.securer.SandboxMode;
import io.securer.SecurerTool;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the run_r_code description the model reads: what the tool does, which add-on R packages
 * are installed (when known), what happens to plots, and the host functions R may call, one
 * line each ({@code - signature: description}, the description folded onto that line). With a
 * catalog ({@link SecurerTools#withCatalog}) and more than {@value SecurerTools#CATALOG_THRESHOLD}
 * host functions it lists only names and one-line summaries and points to {@code tool_help} and
 * {@code list_tools}. Stateless.
 */
final class ToolDescription {
    private static final Logger LOG = LoggerFactory.getLogger(ToolDescription.class);

    private ToolDescription() {
    }

    static String build(List<SecurerTool> tools, Duration timeout, boolean keepsState, SandboxMode sandbox) {
        return build(tools, timeout, keepsState, sandbox, null, false, false);
    }

    /**
     * @param packages      the add-on packages found installed, in the order to list them; null when
     *                      unknown (not asked, or R could not say): then nothing is claimed
     * @param plotsShown    a plot listener is set
     * @param imagesToModel plot images go back to the model
     */
    static String build(List<SecurerTool> tools, Duration timeout, boolean keepsState, SandboxMode sandbox,
                        List<String> packages, boolean plotsShown, boolean imagesToModel) {
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
        sb.append(packages(packages)).append(plots(plotsShown, imagesToModel, packages != null
                && packages.contains("ggplot2")));
        if (timeout != null) {
            sb.append("Each call may run for at most ").append(ToolResultText.format(timeout)).append(". ");
        }
        if (tools.isEmpty()) {
            sb.append("No host functions are available; use base R.");
            return sb.toString();
        }
        List<SecurerTool> hosts = tools.stream().filter(t -> !ToolCatalog.isCatalog(t)).toList();
        boolean catalog = hosts.size() < tools.size();
        if (catalog && hosts.size() > SecurerTools.CATALOG_THRESHOLD) {
            sb.append("\nThese ").append(hosts.size()).append(" R functions are defined in the session; they run ")
                    .append("on the host and return R values. Only their names are listed: call tool_help(\"name\") ")
                    .append("for a function's arguments before using it, and list_tools(pattern) to search them:");
            tools.stream().filter(ToolCatalog::isCatalog).forEach(t -> sb.append("\n- ").append(t.signature()));
            for (SecurerTool t : hosts) {
                String summary = ToolCatalog.summary(t);
                sb.append("\n- ").append(t.name()).append(summary.isEmpty() ? "" : ": " + summary);
            }
        } else {
            if (hosts.size() > SecurerTools.CATALOG_THRESHOLD) {
                LOG.warn("run_r_code's description lists all {} host functions in full; wrap them with "
                        + "SecurerTools.withCatalog(...) to list only their names", hosts.size());
            }
            sb.append("\nThese R functions are defined in the session; they run on the host and return R values ")
                    .append("(lists of records arrive as data frames). Call them with named arguments:");
            for (SecurerTool t : tools) {
                sb.append("\n- ").append(ToolCatalog.line(t));
            }
        }
        if (hosts.stream().anyMatch(t -> t.args().stream().anyMatch(a -> a.type() == ArgType.LIST))) {
            sb.append("\nA list argument takes a vector or a list: c(\"a\", \"b\"), 1:3, list(...); a record is a ")
                    .append("named list, e.g. list(id = \"A1\", qty = 2L), and a map a named vector, ")
                    .append("e.g. c(a = 1, b = 2).");
        }
        return sb.toString();
    }

    private static String packages(List<String> packages) {
        if (packages == null) {
            return "";
        }
        if (packages.isEmpty()) {
            return "No add-on R packages (such as ggplot2 or dplyr) are installed; use base R. ";
        }
        return "Add-on R packages installed: " + String.join(", ", packages)
                + " (attach them with library()); assume no other add-on packages. ";
    }

    private static String plots(boolean shown, boolean toModel, boolean ggplot) {
        String drawn = "Plots you draw (base graphics" + (ggplot ? ", or a ggplot printed with print() or as the last "
                + "value" : "") + ")";
        if (shown && toModel) {
            return drawn + " are shown to the user, and you receive them as images. ";
        }
        if (shown) {
            return drawn + " are shown to the user as images; you cannot see them, so state key numbers in text. ";
        }
        if (toModel) {
            return drawn + " come back to you as images; the user does not see them. ";
        }
        return "Plots are not shown to the user; report results as text. ";
    }
}
