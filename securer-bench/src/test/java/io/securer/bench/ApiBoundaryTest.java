package io.securer.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.securer.PackageDependencies;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The benchmark measures the library through its public API alone: core's API package and the adapter's. */
class ApiBoundaryTest {
    @Test
    void usesOnlyTheApiPackageOfCore() {
        assertEquals(Set.of("io.securer", "io.securer.langchain4j"),
                PackageDependencies.usedSecurerPackages(Path.of("target/classes"), "io.securer.bench"));
    }
}
