package io.securer.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.securer.PackageDependencies;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The examples use the public packages only: core's API and the LangChain4j adapter. */
class ApiBoundaryTest {
    @Test
    void usesOnlyPublicPackages() {
        assertEquals(Set.of("io.securer", "io.securer.langchain4j"),
                PackageDependencies.usedSecurerPackages(Path.of("target/classes"), "io.securer.examples"));
    }
}
