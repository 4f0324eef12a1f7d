package io.securer.langchain4j;

import static io.securer.langchain4j.ConversionFixtures.MAPPER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.langchain4j.agent.tool.P;
import dev.langchain4j.agent.tool.Tool;
import io.securer.SecurerTool;
import io.securer.ToolArgs;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** prefixed and renamed: the fixes for a tool name that masks an R function. */
class ToolRenamingTest {
    static class Stats {
        @Tool("Mean of the stored series")
        double mean(@P("series name") String series) {
            return 2.5;
        }

        @Tool("Stored series names")
        List<String> series() {
            return List.of("a");
        }
    }

    private static List<String> names(List<SecurerTool> tools) {
        return tools.stream().map(SecurerTool::name).toList();
    }

    @Test
    void prefixedRenamesEveryToolAndKeepsWhatItDoes() throws Exception {
        List<SecurerTool> tools = SecurerTools.prefixed("db_", SecurerTools.fromObjects(new Stats()));
        assertEquals(List.of("db_mean", "db_series"), names(tools).stream().sorted().toList());
        SecurerTool mean = tools.stream().filter(t -> t.name().equals("db_mean")).findFirst().orElseThrow();
        assertEquals("db_mean(series: character)", mean.signature());
        assertEquals("Mean of the stored series (series: series name)", mean.description());
        assertEquals("2.5", mean.handler().call(ToolArgs.of((ObjectNode) MAPPER.readTree("{\"series\":\"a\"}"), null))
                .toString());
    }

    @Test
    void renamedChangesOnlyTheNamedTools() {
        List<SecurerTool> original = SecurerTools.fromObjects(new Stats());
        List<SecurerTool> tools = SecurerTools.renamed(original, Map.of("mean", "series_mean"));
        assertEquals(names(original).stream().map(n -> n.equals("mean") ? "series_mean" : n).toList(), names(tools));
        SecurerTool untouched = original.stream().filter(t -> t.name().equals("series")).findFirst().orElseThrow();
        assertSame(untouched, tools.stream().filter(t -> t.name().equals("series")).findFirst().orElseThrow());
    }

    @Test
    void renamingRebuildsTheCatalogForTheNewNames() throws Exception {
        List<SecurerTool> tools = SecurerTools.prefixed("db_", SecurerTools.withCatalog(SecurerTools.fromObjects(new Stats())));
        assertEquals(List.of("db_mean", "db_series", "list_tools", "tool_help"), names(tools).stream().sorted().toList());
        SecurerTool help = tools.stream().filter(t -> t.name().equals("tool_help")).findFirst().orElseThrow();
        assertEquals("db_mean(series: character): Mean of the stored series (series: series name)",
                help.handler().call(ToolArgs.of((ObjectNode) MAPPER.readTree("{\"name\":\"db_mean\"}"), null)));
    }

    @Test
    void badRenamesAreRefused() {
        List<SecurerTool> tools = SecurerTools.fromObjects(new Stats());
        assertEquals("there is no tool named 'median' to rename", assertThrows(IllegalArgumentException.class,
                () -> SecurerTools.renamed(tools, Map.of("median", "m"))).getMessage());
        assertEquals("two tools would be named 'series'", assertThrows(IllegalArgumentException.class,
                () -> SecurerTools.renamed(tools, Map.of("mean", "series"))).getMessage());
        assertEquals("tool name '1x_mean' is not a valid R identifier (must match ^(?:[A-Za-z]|\\.(?![0-9]))"
                + "[A-Za-z0-9_.]*$, not be reserved, at most 128 characters)", assertThrows(
                IllegalArgumentException.class, () -> SecurerTools.prefixed("1x_", tools)).getMessage());
        assertEquals("prefix must not be empty", assertThrows(IllegalArgumentException.class,
                () -> SecurerTools.prefixed("", tools)).getMessage());
    }
}
