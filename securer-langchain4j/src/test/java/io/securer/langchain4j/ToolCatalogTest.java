package io.securer.langchain4j;

import static io.securer.langchain4j.ConversionFixtures.MAPPER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.securer.ArgType;
import io.securer.SecurerTool;
import io.securer.ToolArgs;
import java.util.List;
import org.junit.jupiter.api.Test;

/** list_tools and tool_help, the R functions for looking host functions up. */
class ToolCatalogTest {
    private static final SecurerTool SALES = SecurerTool.builder("get_sales")
            .description("Monthly sales for one region. Rows of month and amount.")
            .arg("region", ArgType.CHARACTER).handler(a -> null).build();
    private static final SecurerTool RATE = SecurerTool.builder("fx_rate")
            .description("Exchange rate\nbetween two currencies")
            .arg("from", ArgType.CHARACTER).arg("to", ArgType.CHARACTER).handler(a -> null).build();

    private static SecurerTool named(List<SecurerTool> tools, String name) {
        return tools.stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow();
    }

    private static Object call(SecurerTool tool, String json) throws Exception {
        return tool.handler().call(ToolArgs.of((ObjectNode) MAPPER.readTree(json), null));
    }

    @Test
    void withCatalogAddsListToolsAndToolHelp() {
        List<SecurerTool> tools = SecurerTools.withCatalog(List.of(SALES, RATE));
        assertEquals(List.of("get_sales", "fx_rate", "list_tools", "tool_help"),
                tools.stream().map(SecurerTool::name).toList());
        assertEquals("list_tools(pattern: character = NULL)", named(tools, "list_tools").signature());
        assertEquals("tool_help(name: character)", named(tools, "tool_help").signature());
    }

    @Test
    void listToolsGivesNamesAndOneLineSummariesFilteredByARegex() throws Exception {
        SecurerTool list = named(SecurerTools.withCatalog(List.of(SALES, RATE)), "list_tools");
        assertEquals("[{\"name\":\"get_sales\",\"description\":\"Monthly sales for one region.\"},"
                + "{\"name\":\"fx_rate\",\"description\":\"Exchange rate between two currencies\"}]",
                call(list, "{}").toString());
        assertEquals("[{\"name\":\"fx_rate\",\"description\":\"Exchange rate between two currencies\"}]",
                call(list, "{\"pattern\":\"CURRENC\"}").toString());
        assertEquals("[{\"name\":\"get_sales\",\"description\":\"Monthly sales for one region.\"}]",
                call(list, "{\"pattern\":\"^get_\"}").toString());
        assertEquals("[]", call(list, "{\"pattern\":\"nothing matches\"}").toString());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> call(list, "{\"pattern\":\"(\"}"));
        assertEquals("pattern '(' is not a valid regular expression: Unclosed group", e.getMessage());
    }

    @Test
    void toolHelpGivesTheFullSignatureAndDescription() throws Exception {
        SecurerTool help = named(SecurerTools.withCatalog(List.of(SALES, RATE)), "tool_help");
        assertEquals("fx_rate(from: character, to: character): Exchange rate between two currencies",
                call(help, "{\"name\":\"fx_rate\"}"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> call(help, "{\"name\":\"FX_RATE\"}"));
        assertEquals("there is no host function 'FX_RATE' (did you mean 'fx_rate'?); list_tools() lists them",
                e.getMessage());
        assertEquals("there is no host function 'nope'; list_tools() lists them",
                assertThrows(IllegalArgumentException.class, () -> call(help, "{\"name\":\"nope\"}")).getMessage());
    }

    @Test
    void summariesAreCutAtTheFirstSentenceAndAHundredCharacters() {
        SecurerTool longOne = SecurerTool.builder("long_one").description("word ".repeat(40)).handler(a -> null).build();
        assertEquals("word ".repeat(18) + "word...", ToolCatalog.summary(longOne)); // 97 characters
        assertEquals("Monthly sales for one region.", ToolCatalog.summary(SALES));
    }

    @Test
    void wrappingAgainReplacesTheCatalog() throws Exception {
        List<SecurerTool> first = SecurerTools.withCatalog(List.of(SALES));
        List<SecurerTool> both = SecurerTools.withCatalog(
                java.util.stream.Stream.concat(first.stream(), java.util.stream.Stream.of(RATE)).toList());
        assertEquals(List.of("get_sales", "fx_rate", "list_tools", "tool_help"),
                both.stream().map(SecurerTool::name).toList());
        assertEquals(2, MAPPER.readTree(call(named(both, "list_tools"), "{}").toString()).size());
    }

    @Test
    void aToolAlreadyNamedLikeACatalogFunctionIsRefused() {
        SecurerTool clash = SecurerTool.builder("list_tools").handler(a -> null).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SecurerTools.withCatalog(List.of(clash)));
        assertEquals("a tool is already named 'list_tools'; rename it (SecurerTools.renamed) before adding the catalog",
                e.getMessage());
    }
}
