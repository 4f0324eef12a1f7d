package io.securer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every audit event with the worst text a child (or a caller) can put in it: far too long, and
 * made of control characters, which JSON writes as six bytes each. The lines stay within the
 * bounds docs/sessions-and-tools.md gives, and each cut field says how long it was.
 */
class AuditFieldsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** 100 000 control characters (U+0001), which JSON writes as six-byte escapes each. */
    private static final String HOSTILE = "\u0001".repeat(100_000);

    @TempDir
    Path tmp;

    private List<String> write(SessionEvent... events) throws IOException {
        Path log = tmp.resolve("audit.jsonl");
        try (AuditLogWriter w = AuditLogWriter.open(log)) {
            for (SessionEvent e : events) {
                w.onEvent(e);
            }
        }
        return Files.readAllLines(log, StandardCharsets.UTF_8);
    }

    private static int bytes(String line) {
        return line.getBytes(StandardCharsets.UTF_8).length + 1; // and the newline
    }

    @Test
    void everyEventStaysWithinItsDocumentedBound() throws IOException {
        Instant now = Instant.parse("2026-11-29T10:15:30.123456789Z");
        String id = "0123456789abcdef";
        List<String> classes = Collections.nCopies(64, "\u0001".repeat(256));
        List<String> lines = write(
                new SessionEvent.SessionRestarted(id, now, HOSTILE, Long.MAX_VALUE),
                new SessionEvent.SandboxFallback(id, now, HOSTILE),
                new SessionEvent.ExecutionStarted(id, now, Long.MAX_VALUE, HOSTILE, Integer.MAX_VALUE, HOSTILE),
                new SessionEvent.ExecutionTimedOut(id, now, Long.MAX_VALUE, Duration.ofDays(1)),
                new SessionEvent.ExecutionFinished(id, now, Long.MAX_VALUE, SessionEvent.Outcome.PROCESS_DIED, HOSTILE,
                        Duration.ofDays(1), Integer.MAX_VALUE, classes),
                new SessionEvent.ExecutionRejected(id, now, HOSTILE),
                new SessionEvent.ToolCallStarted(id, now, Long.MAX_VALUE, Long.MAX_VALUE, HOSTILE, HOSTILE,
                        Integer.MAX_VALUE),
                new SessionEvent.ToolCallFinished(id, now, Long.MAX_VALUE, Long.MAX_VALUE, HOSTILE, false, HOSTILE,
                        Duration.ofDays(1)),
                new SessionEvent.SessionClosed(id, now, Long.MAX_VALUE));
        int largest = 0;
        for (String line : lines) {
            JsonNode o = JSON.readTree(line);
            int size = bytes(line);
            largest = Math.max(largest, size);
            String event = o.get("event").asText();
            System.out.printf("%-16s %6d bytes%n", event, size);
            switch (event) {
                case "tool_call" -> assertTrue(size <= AuditFields.MAX_TOOL_CALL_BYTES, event + ": " + size);
                case "execute_end" -> assertTrue(size <= AuditFields.MAX_EXECUTE_END_BYTES, event + ": " + size);
                default -> assertTrue(size <= AuditFields.MAX_LINE_BYTES, event + ": " + size);
            }
        }
        assertTrue(largest <= AuditFields.MAX_LINE_BYTES, "largest line " + largest);
        assertTrue(largest > AuditFields.MAX_LINE_BYTES - 2_000, "the bound is tight: " + largest);
    }

    @Test
    void aCutFieldSaysHowLongItWas() throws IOException {
        Instant now = Instant.now();
        List<String> lines = write(
                new SessionEvent.ToolCallStarted("s", now, 1, 1, "t".repeat(300), "a".repeat(5_000), 5_000),
                new SessionEvent.ExecutionFinished("s", now, 1, SessionEvent.Outcome.R_ERROR, "e".repeat(3_000),
                        Duration.ZERO, 0, Collections.nCopies(20, "k")));
        JsonNode call = JSON.readTree(lines.get(0));
        assertEquals("t".repeat(128) + "...[300 chars, truncated]", call.get("tool").asText());
        assertEquals("a".repeat(4_000) + "...[5000 chars, truncated]", call.get("args").asText());
        assertEquals(5_000, call.get("args_length").asInt());
        JsonNode end = JSON.readTree(lines.get(1));
        assertEquals("e".repeat(2_000) + "...[3000 chars, truncated]", end.get("error").asText());
        assertEquals(17, end.get("class").size());
        assertEquals("...[20 items, truncated]", end.get("class").get(16).asText());
    }

    @Test
    void cuttingTwiceChangesNothing() {
        String once = Bounded.cut("x".repeat(5_000), 2_000);
        assertEquals("x".repeat(2_000) + "...[5000 chars, truncated]", once);
        assertEquals(once, Bounded.cut(once, 2_000));
        assertEquals("\uD83D\uDE00".repeat(2).substring(0, 2) + "...[4 chars, truncated]",
                Bounded.cut("\uD83D\uDE00".repeat(2), 3), "a surrogate pair is never split");
    }
}
