package io.securer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The sandboxed happy path and the one-shot helpers, which sandbox by default. */
class SandboxSmokeIT {

    @BeforeAll
    static void prerequisites() {
        RTestSupport.requireR();
    }

    @Test
    void sandboxedSessionRunsCodeAndTools() {
        try (SecureSession s = SecureSession.builder().sandbox(true).sandboxStrict(true).tool(RTestSupport.add()).build()) {
            assertEquals(SandboxMode.BUBBLEWRAP, s.sandboxMode());
            assertEquals(5, s.execute("add(2, 3)").value().asInt());
            assertEquals("65534", s.execute("system('id -u', intern = TRUE)").value().asText());
            assertTrue(s.toString().matches("SecureSession\\[running pid=\\d+ sandbox=bubblewrap tools=1]"), s.toString());
        }
    }

    @Test
    void secureRExecuteIsSandboxedAndOneShot() {
        ExecutionResult r = SecureR.execute("1 + 1");
        assertEquals(2, r.value().asInt());
        assertEquals("[1] 2", r.printed());
        ExecutionResult w = SecureR.execute("get_weather(\"Boston\")", RTestSupport.weather());
        assertEquals(72, w.value().get("temp").asInt());
        assertEquals("sunny", w.value().get("condition").asText());
        // The one-shot session ran inside the sandbox (no /etc/passwd there).
        assertEquals(false, SecureR.execute("file.exists('/etc/passwd')").value().asBoolean());
    }
}
