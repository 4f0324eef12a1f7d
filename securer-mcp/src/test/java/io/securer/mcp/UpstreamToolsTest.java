package io.securer.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.service.tool.ToolExecutor;
import java.time.Duration;
import java.util.List;
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
    void withoutServersThereAreNoTools() {
        try (UpstreamTools none = UpstreamTools.connect(List.of(), Duration.ofSeconds(1))) {
            assertEquals(List.of(), none.tools());
        }
    }
}
