package io.securer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditLogWriterTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir
    Path tmp;

    private static List<String> lines(Path p) throws IOException {
        return Files.readAllLines(p, StandardCharsets.UTF_8);
    }

    /** How many of this JVM's file descriptors point at {@code p} (Linux /proc). */
    private static long openDescriptors(Path p) throws IOException {
        Path real = p.toRealPath();
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.filter(fd -> {
                try {
                    return Files.readSymbolicLink(fd).equals(real);
                } catch (IOException | UnsupportedOperationException e) {
                    return false; // the fd used by Files.list itself may vanish
                }
            }).count();
        }
    }

    /** An event that carries one free-text field, for tests of the writer itself. */
    private static SessionEvent ev(String sessionId, String reason) {
        return new SessionEvent.ExecutionRejected(sessionId, Instant.now(), reason);
    }

    @Test
    void newFileHasMode0600AndParentsAreCreated() throws IOException {
        Path p = tmp.resolve("a/b/c/audit.jsonl");
        try (AuditLogWriter w = AuditLogWriter.open(p)) {
            assertTrue(Files.isRegularFile(p));
            assertEquals(PosixFilePermissions.fromString("rw-------"), Files.getPosixFilePermissions(p));
            w.onEvent(ev("s1", "session_start"));
        }
        assertEquals(1, lines(p).size());
    }

    @Test
    void recordIsOneJsonObjectPerLine() throws IOException {
        Path p = tmp.resolve("audit.jsonl");
        try (AuditLogWriter w = AuditLogWriter.open(p)) {
            w.onEvent(new SessionEvent.ExecutionStarted("abcd1234", Instant.parse("2026-11-29T10:15:30.123Z"), 3,
                    "cat(\"a\\nb\")", 11, "chat-7"));
        }
        List<String> lines = lines(p);
        assertEquals(1, lines.size());
        JsonNode o = MAPPER.readTree(lines.get(0));
        List<String> names = new ArrayList<>();
        o.fieldNames().forEachRemaining(names::add);
        assertEquals(List.of("timestamp", "event", "session_id", "exec", "code", "code_length", "context"), names);
        assertEquals("execute_start", o.get("event").textValue());
        assertEquals("abcd1234", o.get("session_id").textValue());
        assertEquals(3, o.get("exec").intValue());
        assertEquals("cat(\"a\\nb\")", o.get("code").textValue());
        assertEquals(11, o.get("code_length").intValue());
        assertEquals("chat-7", o.get("context").textValue());
        assertEquals("2026-11-29T10:15:30.123Z", o.get("timestamp").textValue());
    }

    @Test
    void appendsToAnExistingFileWithoutChangingItsMode() throws IOException {
        Path p = tmp.resolve("existing.jsonl");
        Files.writeString(p, "{\"old\":true}\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-r-----"));
        try (AuditLogWriter w = AuditLogWriter.open(p)) {
            w.onEvent(ev("s", "e"));
        }
        List<String> lines = lines(p);
        assertEquals(2, lines.size());
        assertEquals("{\"old\":true}", lines.get(0));
        assertEquals(PosixFilePermissions.fromString("rw-r-----"), Files.getPosixFilePermissions(p));
    }

    @Test
    void refusesASymlink() throws IOException {
        Path target = tmp.resolve("target.jsonl");
        Files.writeString(target, "");
        Path link = Files.createSymbolicLink(tmp.resolve("link.jsonl"), target);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AuditLogWriter.open(link));
        assertEquals("audit log " + link + " is a symbolic link; refusing to follow it", e.getMessage());
        assertEquals("", Files.readString(target));
    }

    @Test
    void refusesADanglingSymlink() throws IOException {
        Path link = Files.createSymbolicLink(tmp.resolve("dangling.jsonl"), tmp.resolve("nowhere.jsonl"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AuditLogWriter.open(link));
        assertEquals("audit log " + link + " is a symbolic link; refusing to follow it", e.getMessage());
        assertFalse(Files.exists(tmp.resolve("nowhere.jsonl")));
    }

    @Test
    void refusesADirectory() throws IOException {
        Path dir = Files.createDirectory(tmp.resolve("dir.jsonl"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AuditLogWriter.open(dir));
        assertEquals("audit log " + dir + " is not a regular file (device, fifo or directory)", e.getMessage());
    }

    @Test
    void refusesAFifo() throws Exception {
        Path fifo = tmp.resolve("fifo.jsonl");
        Process mk = new ProcessBuilder("mkfifo", fifo.toString()).redirectErrorStream(true).start();
        assertTrue(mk.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, mk.exitValue());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AuditLogWriter.open(fifo));
        assertEquals("audit log " + fifo + " is not a regular file (device, fifo or directory)", e.getMessage());
    }

    @Test
    void unwritablePlaceIsASecurerException() throws IOException {
        Path file = Files.writeString(tmp.resolve("plain"), "");
        Path inside = file.resolve("audit.jsonl");
        SecurerException e = assertThrows(SecurerException.class, () -> AuditLogWriter.open(inside));
        assertTrue(e.getMessage().startsWith("cannot open audit log " + inside + ": "), e.getMessage());
    }

    @Test
    void twoWritersShareOneFileAndTheLastCloserClosesIt() throws IOException {
        Path p = tmp.resolve("shared.jsonl");
        AuditLogWriter a = AuditLogWriter.open(p);
        AuditLogWriter b = AuditLogWriter.open(tmp.resolve("x/../shared.jsonl"));
        assertEquals(1, openDescriptors(p));
        a.onEvent(ev("A", "one"));
        b.onEvent(ev("B", "two"));
        a.close();
        assertEquals(1, openDescriptors(p));
        a.onEvent(ev("A", "after close"));
        b.onEvent(ev("B", "three"));
        b.close();
        assertEquals(0, openDescriptors(p));
        b.onEvent(ev("B", "after close"));
        List<String> events = new ArrayList<>();
        for (String line : lines(p)) {
            events.add(MAPPER.readTree(line).get("session_id").textValue() + ":" + MAPPER.readTree(line).get("reason").textValue());
        }
        assertEquals(List.of("A:one", "B:two", "B:three"), events);
    }

    @Test
    void closeIsIdempotent() throws IOException {
        Path p = tmp.resolve("idem.jsonl");
        AuditLogWriter a = AuditLogWriter.open(p);
        AuditLogWriter b = AuditLogWriter.open(p);
        a.close();
        a.close(); // must not count as a second user leaving
        assertEquals(1, openDescriptors(p));
        b.onEvent(ev("B", "still open"));
        assertEquals(1, lines(p).size());
        b.close();
        assertEquals(0, openDescriptors(p));
    }

    @Test
    void reopenAfterLastCloseWorks() throws IOException {
        Path p = tmp.resolve("reopen.jsonl");
        AuditLogWriter.open(p).close();
        try (AuditLogWriter w = AuditLogWriter.open(p)) {
            w.onEvent(ev("s", "again"));
        }
        assertEquals(1, lines(p).size());
    }

    @Test
    void concurrentWritersProduceWholeLines() throws Exception {
        Path p = tmp.resolve("concurrent.jsonl");
        int threads = 8;
        int perThread = 500;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> futures = new ArrayList<>();
        List<AuditLogWriter> writers = new ArrayList<>();
        try {
            for (int t = 0; t < threads; t++) {
                // half the threads share one writer, the others have their own on the same path
                AuditLogWriter w = t % 2 == 0 || writers.isEmpty() ? AuditLogWriter.open(p) : writers.get(0);
                writers.add(w);
                int id = t;
                futures.add(pool.submit(() -> {
                    go.await();
                    for (int i = 0; i < perThread; i++) {
                        w.onEvent(ev("t" + id, i + "x".repeat(200 + i % 50)));
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : futures) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
            for (AuditLogWriter w : new HashSet<>(writers)) {
                w.close();
            }
        }
        List<String> lines = lines(p);
        assertEquals(threads * perThread, lines.size());
        Set<String> seen = new HashSet<>();
        for (String line : lines) {
            JsonNode o = MAPPER.readTree(line);
            assertTrue(o.isObject(), line);
            assertTrue(o.get("timestamp").textValue().endsWith("Z"), line);
            Instant.parse(o.get("timestamp").textValue());
            assertEquals("execute_rejected", o.get("event").textValue());
            String reason = o.get("reason").textValue();
            assertTrue(seen.add(o.get("session_id").textValue() + "/" + reason.substring(0, reason.indexOf('x'))), line);
        }
        assertEquals(threads * perThread, seen.size());
        assertEquals(0, openDescriptors(p));
    }
}
