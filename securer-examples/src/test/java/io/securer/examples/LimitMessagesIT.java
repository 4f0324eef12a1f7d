package io.securer.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.securer.ResourceLimits;
import io.securer.langchain4j.RCodeTool;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The texts docs/troubleshooting.md quotes for limits that are too tight, produced by real R in
 * bubblewrap through run_r_code. Each limit gets a fresh tool: CPU time is counted over the R
 * process's whole life, so earlier cases would eat into later ones.
 */
class LimitMessagesIT {
    static final String PROCESS_DIED = "The R process stopped while running the code (the R process exited during "
            + "execution; the session was restarted and its state is lost); the R session was restarted; variables "
            + "from earlier calls are lost.";

    private static String run(ResourceLimits limits, String code) {
        try (RCodeTool tool = RCodeTool.builder().limits(limits).timeout(Duration.ofSeconds(20)).build()) {
            tool.runRCode("docs", "x <- 1");
            String text = tool.runRCode("docs", code);
            assertEquals("[1] 2", tool.runRCode("docs", "1 + 1"), "a fresh session answers after: " + text);
            return text;
        }
    }

    @Test
    void memoryPastTheCgroupLimitRestartsTheSession() {
        // CI runs as root: the 1 GiB default is a memory cgroup, the address space 4 GiB.
        assertEquals("The R process stopped while running the code (R ran out of memory during execution: the "
                + "sandbox used up its memory limit of 1 GiB (memory cgroup) and the kernel's OOM killer ended R; the "
                + "session was restarted and its state is lost); the R session was restarted; variables from earlier "
                + "calls are lost.", run(ResourceLimits.defaults(), "x <- numeric(2e8)"));
    }

    @Test
    void memoryPastTheAddressSpaceIsAnRError() {
        assertEquals("Error: cannot allocate vector of size 4.5 Gb", run(ResourceLimits.defaults(), "x <- numeric(6e8)"));
    }

    @Test
    void cpuTimeKillsTheProcess() {
        assertEquals(PROCESS_DIED, run(ResourceLimits.builder().cpuSeconds(2).build(), "repeat {}"));
    }

    @Test
    void fileSizeGivesAnRErrorAndKeepsTheSession() {
        // SIGXFSZ is ignored in the sandbox: the write fails with EFBIG and R reports it (the message on
        // its own line, as R puts a message that does not fit after a long call)
        assertEquals("Error in writeLines(strrep(\"x\", 2e+06), \"/tmp/big.txt\") : \n"
                        + "  Error writing to connection:  File too large",
                run(ResourceLimits.builder().fileSizeBytes(1L << 20).build(), "writeLines(strrep('x', 2e6), '/tmp/big.txt')"));
    }

    @Test
    void processesCannotFork() {
        String text = run(ResourceLimits.builder().maxProcesses(10).build(),
                "ps <- lapply(1:20, function(i) processx::process$new('sleep', '5')); length(ps)");
        assertTrue(text.contains("Cannot fork when running 'sleep'"), text);
    }

    @Test
    void wallClockTimeoutKeepsTheSession() {
        try (RCodeTool tool = RCodeTool.builder().timeout(Duration.ofSeconds(1)).build()) {
            tool.runRCode("docs", "x <- 42");
            assertEquals("Timed out after 1 s; R was interrupted and variables are kept. Make the code faster or "
                    + "work on less data.", tool.runRCode("docs", "Sys.sleep(10)"));
            assertEquals("[1] 42", tool.runRCode("docs", "x"));
        }
    }
}
