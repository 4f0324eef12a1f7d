package io.securer.langchain4j;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import dev.langchain4j.service.tool.ToolExecutionResult;
import io.securer.SecurerTool;

/**
 * What R receives from a converted tool, as the value a tool handler returns.
 *
 * <p>From a {@code @Tool} method (run by LangChain4j's {@code DefaultToolExecutor}): the method's
 * own return value, not its text. A {@code String} is R character (never re-parsed, so
 * {@code "12345"} stays text); {@code null} is {@code NULL}; {@code void} is an invisible
 * {@code NULL}; anything else is the JSON LangChain4j writes for it (a list of records becomes a
 * data.frame in R, a number a number, an enum or UUID or LocalDate its text).
 *
 * <p>From any other executor, which only gives text: text that is a JSON object or array is
 * parsed (arrays of records become data frames); any other text, numbers included, stays text;
 * {@code null} is {@code NULL}. Stateless and thread-safe.
 */
final class ToolResults {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false); // 19.90 stays as LangChain4j wrote it

    private ToolResults() {
    }

    /**
     * The R value for what a {@code DefaultToolExecutor} returned from a method declared to return
     * {@code returnType}.
     *
     * @throws IllegalStateException when LangChain4j reports the call as an error (its text is the message)
     */
    static Object fromMethod(ToolExecutionResult result, Class<?> returnType) {
        if (result.isError()) {
            throw new IllegalStateException(result.resultText());
        }
        if (returnType == void.class || returnType == Void.class) {
            return SecurerTool.INVISIBLE;
        }
        Object raw = result.result();
        if (raw == null) {
            return null;
        }
        if (returnType == String.class) {
            return raw;
        }
        String json = result.resultText(); // LangChain4j's own JSON for the value
        try {
            return MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("LangChain4j wrote a result that is not JSON: " + e.getOriginalMessage(),
                    e);
        }
    }

    /** The R value for an executor's text: a JSON object or array as data, anything else as text. */
    static Object fromText(String text) {
        if (text == null) {
            return null;
        }
        String s = text.strip();
        if (s.isEmpty() || (s.charAt(0) != '{' && s.charAt(0) != '[')) {
            return text;
        }
        try {
            JsonNode node = MAPPER.readTree(s);
            return node != null && node.isContainerNode() ? node : text;
        } catch (JsonProcessingException e) {
            return text; // "[not json": the text is the answer
        }
    }
}
