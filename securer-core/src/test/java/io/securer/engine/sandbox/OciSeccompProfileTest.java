package io.securer.engine.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OciSeccompProfileTest {

    @Test
    void theProfileRefusesTheSameCallsAsTheBubblewrapFilterAndNamespaceCreation() throws Exception {
        for (String arch : List.of("x86_64", "aarch64")) {
            SeccompFilter filter = SeccompFilter.forArchitecture(arch).orElseThrow();
            JsonNode p = new ObjectMapper().readTree(OciSeccompProfile.json(filter));
            assertEquals("SCMP_ACT_ALLOW", p.get("defaultAction").asText());
            assertEquals(arch.equals("x86_64") ? "[\"SCMP_ARCH_X86_64\"]" : "[\"SCMP_ARCH_AARCH64\"]",
                    p.get("architectures").toString());
            JsonNode rules = p.get("syscalls");
            List<String> denied = new ArrayList<>();
            rules.get(0).get("names").forEach(n -> denied.add(n.asText()));
            assertEquals(new ArrayList<>(filter.deniedSyscalls().keySet()), denied);
            assertEquals("SCMP_ACT_ERRNO", rules.get(0).get("action").asText());
            assertEquals(1, rules.get(0).get("errnoRet").asInt());
            List<Long> masks = new ArrayList<>();
            for (int i = 1; i <= 7; i++) {
                JsonNode r = rules.get(i);
                assertEquals("[\"clone\"]", r.get("names").toString());
                assertEquals(1, r.get("errnoRet").asInt());
                JsonNode arg = r.get("args").get(0);
                assertEquals(0, arg.get("index").asInt());
                assertEquals("SCMP_CMP_MASKED_EQ", arg.get("op").asText());
                assertEquals(arg.get("value").asLong(), arg.get("valueTwo").asLong());
                masks.add(arg.get("value").asLong());
            }
            assertEquals(OciSeccompProfile.NAMESPACE_FLAGS, masks);
            assertEquals("{\"names\":[\"clone3\"],\"action\":\"SCMP_ACT_ERRNO\",\"errnoRet\":38}", rules.get(8).toString());
            assertEquals(9, rules.size());
        }
    }
}
