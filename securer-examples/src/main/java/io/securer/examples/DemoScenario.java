package io.securer.examples;

import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * A demo: a title, the {@code @Tool} objects R may call (made fresh per run) and the questions
 * with their recorded model turns. Immutable.
 */
public record DemoScenario(String title, Supplier<List<Object>> toolObjects, List<ScriptedExchange> exchanges) {
    public DemoScenario {
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(toolObjects, "toolObjects");
        exchanges = List.copyOf(exchanges);
        if (exchanges.isEmpty()) {
            throw new IllegalArgumentException("a demo needs at least one question");
        }
    }
}
