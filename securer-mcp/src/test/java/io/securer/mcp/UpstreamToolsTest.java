package io.securer.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.service.tool.ToolExecutor;
import java.time.Duration;
import io.securer.SecurerTool;
import io.securer.langchain4j.SecurerTools;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class UpstreamToolsTest {
    private static final ToolExecutionRequest REQUEST = ToolExecutionRequest.builder().name("slow").arguments("{}")
            .build();

    @Test
    void anUpstreamCallThatTimedOutIsAnErrorForRNotATextValue() {
        String timedOut = UpstreamTools.timeoutMessage(Duration.ofSeconds(30));
        ToolExecutor wrapped = UpstreamTools.failingOnTimeout((request, memoryId) -> timedOut, timedOut);

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> wrapped.execute(REQUEST, "m"));
        assertEquals("the MCP server did not answer within 30 s", e.getMessage());
    }

    @Test
    void otherResultsPassThroughWithTheMemoryId() {
        ToolExecutor wrapped = UpstreamTools.failingOnTimeout((request, memoryId) -> request.name() + "@" + memoryId,
                UpstreamTools.timeoutMessage(Duration.ofSeconds(30)));

        assertEquals("slow@session-1", wrapped.execute(REQUEST, "session-1"));
    }

    @Test
    void moreToolsThanTheCatalogThresholdGetListToolsAndToolHelp() {
        List<SecurerTool> few = tools(SecurerTools.CATALOG_THRESHOLD);
        List<SecurerTool> many = tools(SecurerTools.CATALOG_THRESHOLD + 1);

        assertEquals(few, UpstreamTools.withCatalogIfLarge(few));
        List<String> names = UpstreamTools.withCatalogIfLarge(many).stream().map(SecurerTool::name).toList();
        assertEquals(SecurerTools.CATALOG_THRESHOLD + 3, names.size());
        assertEquals(List.of("list_tools", "tool_help"), names.subList(names.size() - 2, names.size()));
    }

    private static List<SecurerTool> tools(int n) {
        return IntStream.range(0, n).mapToObj(i -> SecurerTool.builder("tool_" + i).description("tool " + i)
                .handler(args -> i).build()).toList();
    }

    @Test
    void withoutServersThereAreNoTools() {
        try (UpstreamTools none = UpstreamTools.connect(List.of(), Duration.ofSeconds(1))) {
            assertEquals(List.of(), none.tools());
        }
    }
}
