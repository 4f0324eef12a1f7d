package io.securer.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.securer.ExecuteOptions;
import io.securer.ExecutionResult;
import io.securer.RExecutionException;
import io.securer.SecureSession;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Everything the child sends ends up in the audit log: tool names and arguments, error messages,
 * class names. Hostile code sends hundreds of tool calls with huge arguments, calls to unknown
 * tools with control-character names and arguments (which JSON writes six bytes each), a huge
 * error and a value with 64 long class names. Every line stays within the worst case
 * docs/sessions-and-tools.md gives for its event, so the log grows by a bounded amount per event.
 */
class AuditLogAttackIT {
    /** The documented worst cases (docs/sessions-and-tools.md, "Audit log"), newline included. */
    static final Map<String, Integer> WORST_BYTES = Map.of("tool_call", 26_000, "tool_result", 14_000,
            "execute_end", 26_000, "execute_start", 62_000);
    static final int ANY_LINE = 62_000;

    @Test
    void childEventsStayWithinTheirDocumentedSize(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("audit.jsonl");
        try (SecureSession s = SecurityFixtures.sandboxed(SecureSession.builder().tool(SecurityFixtures.add())
                .auditLog(log))) {
            ExecuteOptions slow = ExecuteOptions.builder().timeout(Duration.ofMinutes(2)).build();
            // 500 calls through the tool function, 2 000 numbers each (~36 kB of JSON per call).
            ExecutionResult calls = s.execute("n <- 0L; for (i in 1:500) { r <- try(add(runif(2e3), i), silent = TRUE); "
                    + "n <- n + 1L }; n", slow);
            assertEquals(500, calls.value().asInt());
            // 200 calls past the tool functions: unknown tools, control characters everywhere.
            ExecutionResult unknown = s.execute(SecurityFixtures.CALL_TOOL + "bad <- strrep('\\001', 256); "
                    + "for (i in 1:200) try(call_tool(bad, list(a = strrep('\\001', 1e4))), silent = TRUE); 'ok'", slow);
            assertEquals("ok", unknown.value().asText());
            assertThrows(RExecutionException.class, () -> s.execute("stop(strrep('\\001', 1e5))"));
            ExecutionResult classes = s.execute("structure(1, class = rep(strrep('\\001', 256), 64))");
            assertEquals(64, classes.rClass().size(), "the result itself keeps every class");
        }
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        ObjectMapper json = new ObjectMapper();
        Map<String, Integer> largest = new HashMap<>();
        Map<String, Integer> count = new HashMap<>();
        long total = 0;
        for (String line : lines) {
            int size = line.getBytes(StandardCharsets.UTF_8).length + 1;
            total += size;
            String event = json.readTree(line).get("event").asText();
            largest.merge(event, size, Math::max);
            count.merge(event, 1, Integer::sum);
            assertTrue(size <= WORST_BYTES.getOrDefault(event, ANY_LINE), event + " line of " + size + " bytes");
        }
        System.out.println("audit attack: " + lines.size() + " lines, " + total + " bytes; largest per event " + largest);
        assertEquals(700, count.get("tool_call"));
        assertEquals(700, count.get("tool_result"));
        JsonNode unknownCall = lines.stream().map(l -> read(json, l))
                .filter(o -> o.get("event").asText().equals("tool_call") && o.get("tool").asText().startsWith("\u0001"))
                .findFirst().orElseThrow();
        assertTrue(unknownCall.get("tool").asText().endsWith("...[256 chars, truncated]"), unknownCall.get("tool").asText());
        assertTrue(unknownCall.get("args_length").asInt() > 60_000, unknownCall.toString().substring(0, 100));
        JsonNode classEnd = read(json, lines.get(lines.size() - 2));
        assertEquals("execute_end", classEnd.get("event").asText());
        assertEquals(17, classEnd.get("class").size());
        assertEquals("...[64 items, truncated]", classEnd.get("class").get(16).asText());
        String args = unknownCall.get("args").asText();
        assertTrue(args.length() > 4_000 && args.length() <= 4_000 + 32 && args.endsWith(" chars, truncated]"),
                "the arguments were cut at their bound: " + args.length());
    }

    private static JsonNode read(ObjectMapper json, String line) {
        try {
            return json.readTree(line);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
