package io.securer.langchain4j;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.securer.ExecutionRejectedException;
import io.securer.ExecutionTimeoutException;
import io.securer.RExecutionException;
import io.securer.RSyntaxException;
import io.securer.ToolCallLimitException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ToolResultTextTest {
    @Test
    void rErrorsShowOutputThenTheCallAndMessage() {
        assertEquals("partial\nError in f(1): boom",
                ToolResultText.failure(new RExecutionException("boom", "f(1)", List.of("partial")), false));
        assertEquals("Error: object 'x' not found",
                ToolResultText.failure(new RExecutionException("object 'x' not found", null, List.of()), false));
    }

    @Test
    void aDeadRProcessSaysStateIsLost() {
        assertEquals("The R process stopped while running the code (the R process exited during execution "
                        + "(exit status 9); the session was restarted and its state is lost); the R session was "
                        + "restarted; variables from earlier calls are lost.",
                ToolResultText.failure(new RExecutionException("the R process exited during execution (exit status 9)"
                        + "; the session was restarted and its state is lost", null, List.of(), true), false));
    }

    @Test
    void syntaxTimeoutLimitAndRejection() {
        assertEquals("R syntax error: <text>:1:3: unexpected ')'\nNothing was run; fix the code and try again.",
                ToolResultText.failure(new RSyntaxException("<text>:1:3: unexpected ')'"), false));
        assertEquals("Timed out after 5 s; R was interrupted and variables are kept. Make the code faster or work on less data.",
                ToolResultText.failure(new ExecutionTimeoutException(Duration.ofSeconds(5), false), false));
        assertEquals("Timed out after 1500 ms; R did not respond to the interrupt, so the R session was restarted; "
                        + "variables from earlier calls are lost. Make the code faster or work on less data.",
                ToolResultText.failure(new ExecutionTimeoutException(Duration.ofMillis(1500), true), false));
        assertEquals("Stopped: the code made more than 3 host function call(s), the limit for one run. Call host "
                        + "functions fewer times (e.g. fetch data once and reuse it).",
                ToolResultText.failure(new ToolCallLimitException(3), false));
        assertEquals("The code was rejected before it ran: code rejected by the preExecuteHook",
                ToolResultText.failure(new ExecutionRejectedException("code rejected by the preExecuteHook"), false));
    }

    @Test
    void replacementIsAnnounced() {
        assertEquals("Note: the previous R session had stopped, so the R session was restarted; variables from "
                        + "earlier calls are lost.\nError: object 'x' not found",
                ToolResultText.failure(new RExecutionException("object 'x' not found", null, List.of()), true));
    }

    @Test
    void hostDetailsAreMasked() {
        assertEquals("R could not run the code: cannot open <path> (pid <n>) at <address>",
                ToolResultText.failure(new IllegalStateException(
                        "cannot open /tmp/securer-abc123/sock (pid 4242) at 10.1.2.3:8080"), false));
        assertEquals("read <path> and <path> but kept /tmp/data.csv",
                TextSanitizer.sanitize("read /home/alice/.ssh/id_rsa and /root/secret but kept /tmp/data.csv"));
        assertEquals("wd <path>", TextSanitizer.sanitize("wd " + System.getProperty("user.dir") + "/x"));
    }
}
