package io.securer.micrometer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.securer.PackageDependencies;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The observation module uses core's API package only. */
class ApiBoundaryTest {
    @Test
    void usesOnlyCoresApiPackage() {
        assertEquals(Set.of("io.securer"),
                PackageDependencies.usedSecurerPackages(Path.of("target/classes"), "io.securer.micrometer"));
    }
}
