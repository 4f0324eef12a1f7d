package io.securer.spring.example;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.securer.PackageDependencies;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The example uses the public packages only: core's API, the adapter and the starter's annotation. */
class ApiBoundaryTest {
    @Test
    void usesOnlyPublicPackages() {
        assertEquals(Set.of("io.securer", "io.securer.langchain4j", "io.securer.spring"),
                PackageDependencies.usedSecurerPackages(Path.of("target/classes"), "io.securer.spring.example"));
    }
}
