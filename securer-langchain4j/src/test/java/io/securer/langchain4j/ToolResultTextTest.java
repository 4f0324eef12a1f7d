package io.securer.langchain4j;

import static io.securer.TestValues.afterRestart;
import static io.securer.TestValues.processDied;
import static io.securer.TestValues.rError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.securer.TestValues;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ToolResultTextTest {
    @Test
    void rErrorsShowRsOwnReport() {
        // the console transcript as the runtime reports it: the output, then R's error text and held warnings
        assertEquals("partial\nError in f() : boom\nIn addition: Warning message:\nIn f() : w",
                ToolResultText.failure(rError("boom", "f()", List.of("partial"),
                        List.of("partial", "Error in f() : boom", "In addition: Warning message:", "In f() : w"))));
        assertEquals("Error in validate(-1) : \n  the value must be positive",
                ToolResultText.failure(rError("the value must be positive", "validate(-1)", List.of(),
                        List.of("Error in validate(-1) : ", "  the value must be positive"))));
    }

    @Test
    void withoutRsReportTheErrorIsWrittenAsRWritesIt() {
        assertEquals("partial\nError in f(1) : boom", ToolResultText.failure(rError("boom", "f(1)", List.of("partial"))));
        assertEquals("Error: object 'x' not found", ToolResultText.failure(rError("object 'x' not found", null, List.of())));
        assertEquals("partial\nError: execution interrupted", ToolResultText.failure(rError("execution interrupted", null,
                List.of("partial"), List.of("partial", "[1] 1"))));
    }

    @Test
    void onlyTheLast50OutputLinesBeforeAnErrorAreKept() {
        List<String> output = java.util.stream.IntStream.rangeClosed(1, 60).mapToObj(i -> "line " + i).toList();
        List<String> console = new java.util.ArrayList<>(output);
        console.addAll(List.of("Error in f() : ", "  a long message"));
        String text = ToolResultText.failure(rError("a long message", "f()", output, console));
        assertEquals("[10 earlier output lines omitted]\nline 11", text.substring(0, text.indexOf("\nline 12")));
        assertTrue(text.endsWith("line 60\nError in f() : \n  a long message"), text);
    }

    @Test
    void aDeadRProcessSaysStateIsLostOnce() {
        assertEquals("The R process stopped while running the code (the R process exited during execution "
                        + "(exit status 9); the session was restarted and its state is lost); the R session was "
                        + "restarted; variables from earlier calls are lost.",
                ToolResultText.failure(processDied("the R process exited during execution (exit status 9)"
                        + "; the session was restarted and its state is lost")));
    }

    @Test
    void syntaxTimeoutLimitAndRejection() {
        assertEquals("R syntax error: <text>:1:3: unexpected ')'\nNothing was run; fix the code and try again.",
                ToolResultText.failure(TestValues.syntaxError("<text>:1:3: unexpected ')'")));
        assertEquals("Timed out after 5 s; R was interrupted and variables are kept. Make the code faster or work on less data.",
                ToolResultText.failure(TestValues.timeout(Duration.ofSeconds(5), false)));
        assertEquals("Timed out after 1500 ms; R did not respond to the interrupt, so the R session was restarted; "
                        + "variables from earlier calls are lost. Make the code faster or work on less data.",
                ToolResultText.failure(TestValues.timeout(Duration.ofMillis(1500), true)));
        assertEquals("Stopped: the code made more than 3 host function call(s), the limit for one run. Call host "
                        + "functions fewer times (e.g. fetch data once and reuse it).",
                ToolResultText.failure(TestValues.toolCallLimit(3)));
        assertEquals("The code was rejected before it ran: code rejected by the preExecuteHook",
                ToolResultText.failure(TestValues.rejected("code rejected by the preExecuteHook")));
    }

    @Test
    void aRestartBeforeTheCodeRanIsAnnounced() {
        assertEquals("Note: the previous R session had stopped, so the R session was restarted; variables from "
                        + "earlier calls are lost.\nError: object 'x' not found",
                ToolResultText.failure(afterRestart(rError("object 'x' not found", null, List.of()))));
        assertEquals("Note: the previous R session had stopped, so the R session was restarted; variables from "
                        + "earlier calls are lost.\n[1] 2",
                ToolResultText.success(TestValues.result(new com.fasterxml.jackson.databind.node.IntNode(2), "[1] 2",
                        true, List.of("numeric"), List.of(), 0, true)));
    }

    @Test
    void hostDetailsAreMasked() {
        assertEquals("R could not run the code: cannot open <path> (pid <n>) at <address>",
                ToolResultText.failure(new IllegalStateException(
                        "cannot open /tmp/securer-abc123/sock (pid 4242) at 10.1.2.3:8080")));
        assertEquals("read <path> and <path> but kept /tmp/data.csv",
                TextSanitizer.sanitize("read /home/alice/.ssh/id_rsa and /root/secret but kept /tmp/data.csv"));
        assertEquals("wd <path>", TextSanitizer.sanitize("wd " + System.getProperty("user.dir") + "/x"));
    }
}
