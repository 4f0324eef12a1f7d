package io.securer.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.langchain4j.exception.ToolExecutionException;
import dev.langchain4j.mcp.client.McpClient;
import io.securer.examples.docs.McpExamples;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** docs/mcp.md's client code against the real securer-mcp server (started from this module's classpath). */
class McpExamplesIT {

    @Test
    void aLangChain4jClientRunsRInSecurerMcpAndKeepsItsVariables() throws Exception {
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), "io.securer.mcp.SecurerMcpMain", "--spares", "0");
        List<ProcessHandle> started;
        try (McpClient securer = McpExamples.securerMcp(command)) {
            assertEquals("(no output; the last value was invisible)",
                    McpExamples.runR(securer, "x <- c(3, 1, 2)"));
            assertEquals("[1] 1 2 3", McpExamples.runR(securer, "sort(x)"));
            ToolExecutionException e = assertThrows(ToolExecutionException.class,
                    () -> McpExamples.runR(securer, "stop(\"bad input\")"));
            assertEquals("Error: bad input", e.getMessage());
            started = ProcessHandle.current().descendants().toList();
        }
        CompletableFuture.allOf(started.stream().map(ProcessHandle::onExit).toArray(CompletableFuture[]::new))
                .get(Duration.ofSeconds(15).toMillis(), TimeUnit.MILLISECONDS);
    }
}
