package io.securer.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.securer.PackageDependencies;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The benchmark measures the library through its API package alone. */
class ApiBoundaryTest {
    @Test
    void usesOnlyTheApiPackageOfCore() {
        assertEquals(Set.of("io.securer"),
                PackageDependencies.usedSecurerPackages(Path.of("target/classes"), "io.securer.bench"));
    }
}
