package io.securer.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.securer.PackageDependencies;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The Redis store compiles against core's API package alone, never the engine. */
class ApiBoundaryTest {
    @Test
    void usesOnlyTheApiPackageOfCore() {
        assertEquals(Set.of("io.securer"),
                PackageDependencies.usedSecurerPackages(Path.of("target/classes"), "io.securer.redis"));
    }
}
