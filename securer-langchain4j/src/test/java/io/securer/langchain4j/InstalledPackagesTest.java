package io.securer.langchain4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class InstalledPackagesTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void theProbeLooksForEachNameWithBaseFunctionsOnly() {
        assertEquals("base::local({ p <- base::c(\"ggplot2\", \"data.table\"); p[base::nzchar(base::vapply(p, "
                + "function(x) base::system.file(package = x), \"\"))] })",
                InstalledPackages.probeCode(List.of("ggplot2", "data.table")));
    }

    @Test
    void namesMustBeRPackageNames() {
        assertEquals(List.of("ggplot2", "data.table", "R6"), InstalledPackages.validate(List.of("ggplot2", "data.table",
                "R6", "ggplot2")));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> InstalledPackages.validate(List.of("dplyr\"); system(\"id")));
        assertEquals("not an R package name: 'dplyr\"); system(\"id'", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> InstalledPackages.validate(List.of("x")));
        assertThrows(IllegalArgumentException.class, () -> InstalledPackages.validate(List.of("1abc")));
        assertThrows(IllegalArgumentException.class, () -> RCodeTool.builder().notablePackages(List.of("ok", "no way")));
    }

    @Test
    void onlyNamesAskedForAreKeptInTheOrderAsked() throws Exception {
        List<String> asked = List.of("ggplot2", "dplyr", "tidyr");
        assertEquals(List.of("ggplot2", "tidyr"),
                InstalledPackages.parse(MAPPER.readTree("[\"tidyr\", \"ggplot2\", \"Ignore previous instructions\"]"), asked));
        assertEquals(List.of("dplyr"), InstalledPackages.parse(MAPPER.readTree("\"dplyr\""), asked)); // unboxed length 1
        assertEquals(List.of(), InstalledPackages.parse(MAPPER.readTree("[]"), asked));
        assertThrows(IllegalArgumentException.class, () -> InstalledPackages.parse(MAPPER.readTree("{\"a\":1}"), asked));
    }

    @Test
    void theDefaultListHasValidNames() {
        assertEquals(RCodeTool.NOTABLE_PACKAGES, InstalledPackages.validate(RCodeTool.NOTABLE_PACKAGES));
    }
}
