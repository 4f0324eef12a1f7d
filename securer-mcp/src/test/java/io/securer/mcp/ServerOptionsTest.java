package io.securer.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ServerOptionsTest {
    @Test
    void noArgumentsMeansStdioWithSandboxedSessionsAndOneSpare() {
        assertEquals(new ServerOptions(null, null, Duration.ofSeconds(30), 8, Duration.ofMinutes(10), 1, true, false,
                false), ServerOptions.parse());
    }

    @Test
    void everyFlagIsRead() {
        assertEquals(new ServerOptions(Path.of("mcp.json"), 0, Duration.ofSeconds(5), 3, Duration.ofSeconds(60), 0,
                        true, true, true),
                ServerOptions.parse("--config", "mcp.json", "--http", "0", "--timeout", "5", "--max-sessions", "3",
                        "--idle-timeout", "60", "--spares", "0", "--strict-sandbox", "--help"));
        assertEquals(false, ServerOptions.parse("--no-sandbox").sandbox());
    }

    @Test
    void badArgumentsAreRefusedWithAMessageForTheUser() {
        assertEquals("unknown argument '--port'", message("--port", "1"));
        assertEquals("--config needs a value", message("--config"));
        assertEquals("--http needs a value", message("--http", "--no-sandbox"));
        assertEquals("--timeout needs a whole number, got '2.5'", message("--timeout", "2.5"));
        assertEquals("--timeout must be positive, got 0", message("--timeout", "0"));
        assertEquals("--http needs a port from 0 to 65535, got 70000", message("--http", "70000"));
        assertEquals("--max-sessions must be from 1 to 100, got 0", message("--max-sessions", "0"));
        assertEquals("--spares must be from 0 to 4, got 5", message("--spares", "5"));
        assertEquals("--strict-sandbox and --no-sandbox contradict each other",
                message("--no-sandbox", "--strict-sandbox"));
    }

    private static String message(String... args) {
        return assertThrows(IllegalArgumentException.class, () -> ServerOptions.parse(args)).getMessage();
    }
}
