package io.securer.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.securer.PackageDependencies;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The MCP server uses core's API package and the LangChain4j adapter, never the engine. */
class ApiBoundaryTest {
    @Test
    void usesOnlyPublicPackages() {
        assertEquals(Set.of("io.securer", "io.securer.langchain4j"),
                PackageDependencies.usedSecurerPackages(Path.of("target/classes"), "io.securer.mcp"));
    }
}
