package io.securer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditLogIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void prerequisites() {
        RTestSupport.requireR();
    }

    @Test
    void sessionEventsAreWrittenAsJsonLines(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("nested/audit.jsonl");
        String longCode = "x <- 1\n" + "# pad\n".repeat(3000) + "x";
        String id;
        try (SecureSession s = SecureSession.builder().tool(RTestSupport.add()).auditLog(log).build()) {
            id = s.id();
            s.execute("add(2, 3)");
            assertThrows(RExecutionException.class, () -> s.execute("stop('nope')"));
            assertThrows(ExecutionTimeoutException.class,
                    () -> s.execute("Sys.sleep(5)", ExecuteOptions.builder().timeout(Duration.ofMillis(300)).build()));
            s.execute(longCode);
        }
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(log)));
        List<JsonNode> events = new ArrayList<>();
        for (String line : Files.readAllLines(log)) {
            events.add(JSON.readTree(line));
        }
        List<String> names = events.stream().map(e -> e.get("event").asText()).toList();
        assertEquals(List.of("session_start", "execute_start", "tool_call", "tool_result", "execute_end",
                "execute_start", "execute_end", "execute_start", "execute_timeout", "execute_end", "execute_start",
                "execute_end", "session_close"), names);
        for (JsonNode e : events) {
            assertEquals(id, e.get("session_id").asText());
            String ts = e.get("timestamp").asText();
            assertTrue(ts.endsWith("Z"), ts);
            Instant.parse(ts);
        }
        assertEquals("add(2, 3)", events.get(1).get("code").asText());
        assertEquals("add", events.get(2).get("tool").asText());
        assertEquals("{\"a\":2,\"b\":3}", events.get(2).get("args").asText());
        assertEquals(1, events.get(2).get("call").asInt(), "tool_call carries the call id tool_result has");
        assertEquals(1, events.get(3).get("call").asInt());
        assertEquals("ok", events.get(4).get("outcome").asText());
        assertEquals("r_error", events.get(6).get("outcome").asText());
        assertEquals("R error: nope", events.get(6).get("error").asText());
        assertEquals(2, events.get(6).get("exec").asInt(), "every execute_end names its execution");
        assertEquals("timeout", events.get(9).get("outcome").asText());
        assertEquals(longCode.length(), events.get(10).get("code_length").asInt());
        String truncated = events.get(10).get("code").asText();
        assertEquals(longCode.substring(0, 10_000) + "...[" + longCode.length() + " chars, truncated]", truncated);
        assertEquals("none", events.get(0).get("sandbox").asText());
    }

    @Test
    void refusesSymlinksAndDevices(@TempDir Path dir) throws Exception {
        Path target = dir.resolve("real.jsonl");
        Files.writeString(target, "");
        Path link = Files.createSymbolicLink(dir.resolve("link.jsonl"), target);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SecureSession.builder().auditLog(link).build());
        assertTrue(e.getMessage().contains("is a symbolic link; refusing to follow it"), e.getMessage());
        IllegalArgumentException dev = assertThrows(IllegalArgumentException.class,
                () -> SecureSession.builder().auditLog(Path.of("/dev/null")).build());
        assertEquals("audit log /dev/null is not a regular file (device, fifo or directory)", dev.getMessage());
    }

    @Test
    void poolAndSessionsShareOneFileWithoutTornLines(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("shared.jsonl");
        int threads = 8;
        int perThread = 60;
        try (SecureSessionPool pool = SecureSessionPool.builder().size(2).resetBetweenUses(false)
                .acquireTimeout(Duration.ofMinutes(1)).tool(RTestSupport.add()).auditLog(log).build();
             SecureSession extra = SecureSession.builder().tool(RTestSupport.add()).auditLog(log).build()) {
            ExecutorService ex = Executors.newFixedThreadPool(threads);
            List<Future<?>> fs = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int tt = t;
                fs.add(ex.submit(() -> {
                    for (int i = 0; i < perThread; i++) {
                        if (tt == 0) {
                            extra.execute("add(" + i + ", 1)");
                        } else {
                            pool.execute("add(" + i + ", " + tt + ")");
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : fs) {
                f.get();
            }
            ex.shutdown();
        }
        List<String> lines = Files.readAllLines(log);
        Map<String, Integer> counts = new HashMap<>();
        Set<String> sessions = new HashSet<>();
        for (String line : lines) {
            JsonNode e = JSON.readTree(line); // throws on a torn or interleaved line
            counts.merge(e.get("event").asText(), 1, Integer::sum);
            sessions.add(e.get("session_id").asText());
        }
        int execs = threads * perThread;
        assertEquals(execs, counts.get("execute_start"));
        assertEquals(execs, counts.get("execute_end"));
        assertEquals(execs, counts.get("tool_call"));
        assertEquals(execs, counts.get("tool_result"));
        assertEquals(3, counts.get("session_start"));
        assertEquals(3, counts.get("session_close"));
        assertEquals(3, sessions.size());
    }
}
