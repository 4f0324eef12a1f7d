package io.securer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The layering of core, checked on the compiled classes: the API package uses the engine, the
 * engine uses sandbox planning, and nothing points back up (so there is no package cycle).
 */
class PackageBoundaryTest {

    @Test
    void theEngineLiesBelowTheApiAndSandboxPlanningBelowTheEngine() {
        Map<String, Set<String>> deps = PackageDependencies.of(Path.of("target/classes"));
        assertEquals(Map.of(
                "io.securer", Set.of("io.securer.engine", "io.securer.engine.sandbox"),
                "io.securer.engine", Set.of("io.securer.engine.sandbox")), deps);
    }
}
