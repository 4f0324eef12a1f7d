package io.securer.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class TracedToolsTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void argumentsPrintAsAnRCall() throws Exception {
        assertEquals("from = \"EUR\", to = \"USD\"", TracedTools.rArguments(MAPPER.readTree("{\"from\":\"EUR\",\"to\":\"USD\"}")));
        assertEquals("n = 3, flag = true, xs = [1,2]", TracedTools.rArguments(MAPPER.readTree("{\"n\":3,\"flag\":true,\"xs\":[1,2]}")));
        assertEquals("s = \"say \\\"hi\\\"\\n\"", TracedTools.rArguments(MAPPER.readTree("{\"s\":\"say \\\"hi\\\"\\n\"}")));
    }

    @Test
    void resultsAreSummarized() throws Exception {
        assertEquals("2 rows", TracedTools.summary(MAPPER.readTree("[{\"a\":1},{\"a\":2}]")));
        assertEquals("3 values", TracedTools.summary(MAPPER.readTree("[1,2,3]")));
        assertEquals("1.08", TracedTools.summary(MAPPER.readTree("1.08")));
        assertEquals("object with 1 fields", TracedTools.summary(MAPPER.readTree("{\"a\":1}")));
        assertEquals("\"plain text\"", TracedTools.summary("plain text"));
        assertEquals("NULL", TracedTools.summary(null));
    }
}
