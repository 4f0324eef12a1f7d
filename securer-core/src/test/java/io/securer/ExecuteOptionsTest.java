package io.securer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class ExecuteOptionsTest {

    @Test
    void defaults() {
        ExecuteOptions d = ExecuteOptions.defaults();
        assertNull(d.timeout());
        assertTrue(d.validate());
        assertNull(d.outputHandler());
        assertNull(d.maxToolCalls());
        assertEquals(100_000, d.maxCodeLength());
        assertEquals(100_000, ExecuteOptions.DEFAULT_MAX_CODE_LENGTH);
        assertNull(d.maxOutputLines());
        assertEquals(d, ExecuteOptions.builder().build());
        assertSame(d, ExecuteOptions.defaults());
    }

    @Test
    void builderSetsEverything() {
        Consumer<String> handler = line -> { };
        ExecuteOptions o = ExecuteOptions.builder().timeout(Duration.ofSeconds(5)).validate(false).outputHandler(handler)
                .maxToolCalls(3).maxCodeLength(10).maxOutputLines(7).build();
        assertEquals(ExecuteOptions.builder().timeout(Duration.ofSeconds(5)).validate(false).outputHandler(handler).maxToolCalls(3)
                .maxCodeLength(10).maxOutputLines(7).build(), o);
    }

    @Test
    void timeoutMustBePositive() {
        assertEquals("timeout must be positive, got PT0S", assertThrows(IllegalArgumentException.class,
                () -> ExecuteOptions.builder().timeout(Duration.ZERO).build()).getMessage());
        assertEquals("timeout must be positive, got PT-1S", assertThrows(IllegalArgumentException.class,
                () -> ExecuteOptions.builder().timeout(Duration.ofSeconds(-1)).build()).getMessage());
        assertEquals(Duration.ofNanos(1), ExecuteOptions.builder().timeout(Duration.ofNanos(1)).build().timeout());
    }

    @Test
    void maxToolCalls() {
        assertEquals("maxToolCalls must be >= 0, got -1", assertThrows(IllegalArgumentException.class,
                () -> ExecuteOptions.builder().maxToolCalls(-1).build()).getMessage());
        assertEquals(0, ExecuteOptions.builder().maxToolCalls(0).build().maxToolCalls());
    }

    @Test
    void maxCodeLength() {
        assertEquals("maxCodeLength must be positive, got 0", assertThrows(IllegalArgumentException.class,
                () -> ExecuteOptions.builder().maxCodeLength(0).build()).getMessage());
        assertEquals("maxCodeLength must be positive, got -3", assertThrows(IllegalArgumentException.class,
                () -> ExecuteOptions.builder().maxCodeLength(-3).build()).getMessage());
        assertEquals(1, ExecuteOptions.builder().maxCodeLength(1).build().maxCodeLength());
    }

    @Test
    void maxOutputLines() {
        assertEquals("maxOutputLines must be >= 0, got -1", assertThrows(IllegalArgumentException.class,
                () -> ExecuteOptions.builder().maxOutputLines(-1).build()).getMessage());
        assertEquals(0, ExecuteOptions.builder().maxOutputLines(0).build().maxOutputLines());
    }

    @Test
    void toBuilderRoundTrip() {
        Consumer<String> handler = line -> { };
        ExecuteOptions o = ExecuteOptions.builder().timeout(Duration.ofMillis(1500)).validate(false)
                .outputHandler(handler).maxToolCalls(2).maxCodeLength(99).maxOutputLines(4).callContext("chat-1").build();
        ExecuteOptions copy = o.toBuilder().build();
        assertEquals(o, copy);
        assertNotSame(o, copy);
        assertEquals(ExecuteOptions.defaults(), ExecuteOptions.defaults().toBuilder().build());
    }

    @Test
    void toBuilderChangesOnlyWhatIsSet() {
        ExecuteOptions o = ExecuteOptions.builder().timeout(Duration.ofSeconds(1)).maxToolCalls(2).build();
        ExecuteOptions changed = o.toBuilder().maxOutputLines(10).timeout(null).build();
        assertEquals(ExecuteOptions.builder().maxToolCalls(2).maxOutputLines(10).build(), changed);
        assertEquals(ExecuteOptions.builder().timeout(Duration.ofSeconds(1)).maxToolCalls(2).build(), o);
    }
}
