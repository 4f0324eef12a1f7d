package io.securer.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Code mode over MCP: one R program calls two tools of a real MCP server process, four times in all. */
class McpCodeModeDemoIT {

    @Test
    void oneRProgramCallsBothToolsOfTheMcpServerAndTheRecordedAnswerMatchesR() throws Exception {
        Transcript t = McpCodeModeDemo.run(Map.of(), line -> { });

        assertEquals("sandbox: bubblewrap", t.lines().get(2));
        assertEquals("MCP server 'shop' (io.securer.mcp.DemoShopServer, stdio); its tools as R functions: "
                + "get_orders(region: character), fx_rate(from: character, to: character)", t.lines().get(3));
        assertTrue(t.text().contains("""
                [R -> host] fx_rate(from = "EUR", to = "USD") -> object with 3 fields
                [R -> host] get_orders(region = "EU") -> 3 rows
                [R -> host] get_orders(region = "US") -> 4 rows
                [R -> host] get_orders(region = "APAC") -> 2 rows
                [R result, as the model sees it]
                      region orders_eur orders_usd
                    1     EU       3500       3780
                    2     US       6000       6480
                    3   APAC       1000       1080
                [model answer]
                    Q1 2025 orders in USD: US $6,480, EU $3,780, APAC $1,080 (EUR 6,000, 3,500 and 1,000 at 1.08 USD per EUR)."""),
                t.text());
        assertEquals(1, t.lines().stream().filter(l -> l.equals("[model -> run_r_code]")).count(),
                "one model round trip for four tool calls");
        awaitNoChildren();
    }

    /** The MCP server process (and R) ended with the demo. */
    private static void awaitNoChildren() throws Exception {
        List<ProcessHandle> left = ProcessHandle.current().descendants().toList();
        CompletableFuture.allOf(left.stream().map(ProcessHandle::onExit).toArray(CompletableFuture[]::new))
                .get(Duration.ofSeconds(15).toMillis(), TimeUnit.MILLISECONDS);
    }
}
