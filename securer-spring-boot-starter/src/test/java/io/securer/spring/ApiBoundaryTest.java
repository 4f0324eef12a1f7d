package io.securer.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.securer.PackageDependencies;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The starter uses the public packages only: core's API, the LangChain4j adapter and the observation module. */
class ApiBoundaryTest {
    @Test
    void usesOnlyPublicPackages() {
        assertEquals(Set.of("io.securer", "io.securer.langchain4j", "io.securer.micrometer"),
                PackageDependencies.usedSecurerPackages(Path.of("target/classes"), "io.securer.spring"));
    }
}
