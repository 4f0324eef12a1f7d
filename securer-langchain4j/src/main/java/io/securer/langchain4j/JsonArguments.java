package io.securer.langchain4j;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.langchain4j.model.chat.request.json.JsonArraySchema;
import dev.langchain4j.model.chat.request.json.JsonBooleanSchema;
import dev.langchain4j.model.chat.request.json.JsonEnumSchema;
import dev.langchain4j.model.chat.request.json.JsonIntegerSchema;
import dev.langchain4j.model.chat.request.json.JsonNumberSchema;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonSchemaElement;
import dev.langchain4j.model.chat.request.json.JsonStringSchema;
import io.securer.ToolArgs;
import java.math.BigDecimal;
import java.util.Iterator;
import java.util.Map;

/**
 * Turns what R passed to a converted tool into the JSON arguments string a LangChain4j
 * {@code ToolExecutor} expects. R has no scalars, so jsonlite sends length-1 vectors; where the
 * schema wants a scalar we unwrap a one-element array, where it wants an array we wrap a scalar,
 * and whole doubles become integers where the schema says integer (R's {@code 5} is a double).
 * Stateless and thread-safe.
 */
final class JsonArguments {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private JsonArguments() {
    }

    static String build(ToolArgs args, JsonObjectSchema parameters) {
        return toJson(conformObject(args.json(), parameters));
    }

    static ObjectNode conformObject(ObjectNode given, JsonObjectSchema schema) {
        ObjectNode out = NODES.objectNode();
        Map<String, JsonSchemaElement> properties = schema == null ? Map.of() : schema.properties();
        Iterator<Map.Entry<String, JsonNode>> fields = given.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            if (f.getValue() == null || f.getValue().isNull()) {
                continue; // an optional argument R left NULL: absent, so the tool sees its default
            }
            out.set(f.getKey(), conform(f.getValue(), properties == null ? null : properties.get(f.getKey())));
        }
        return out;
    }

    static JsonNode conform(JsonNode value, JsonSchemaElement schema) {
        if (value == null || value.isNull() || schema == null) {
            return value;
        }
        if (schema instanceof JsonStringSchema || schema instanceof JsonEnumSchema
                || schema instanceof JsonBooleanSchema || schema instanceof JsonNumberSchema) {
            return unwrapSingle(value);
        }
        if (schema instanceof JsonIntegerSchema) {
            return wholeToIntegral(unwrapSingle(value));
        }
        if (schema instanceof JsonArraySchema array) {
            ArrayNode out = NODES.arrayNode();
            if (value.isArray()) {
                value.forEach(item -> out.add(conform(item, array.items())));
            } else if (value.isObject() && value.isEmpty()) {
                return out; // R's list() serializes as {} or []; both mean "empty"
            } else {
                out.add(conform(value, array.items()));
            }
            return out;
        }
        if (schema instanceof JsonObjectSchema object) {
            if (value.isArray() && value.isEmpty()) {
                return NODES.objectNode();
            }
            if (value.isArray() && value.size() == 1 && value.get(0).isObject()) {
                value = value.get(0);
            }
            return value.isObject() ? conformObject((ObjectNode) value, object) : value;
        }
        return value;
    }

    private static JsonNode unwrapSingle(JsonNode value) {
        return value.isArray() && value.size() == 1 ? value.get(0) : value;
    }

    /** 5.0 becomes 5; 5.5 stays as it is, so the tool reports the bad value itself. */
    private static JsonNode wholeToIntegral(JsonNode value) {
        if (value.isArray()) {
            ArrayNode out = NODES.arrayNode();
            value.forEach(v -> out.add(wholeToIntegral(v)));
            return out;
        }
        if (value.isFloatingPointNumber() && Double.isFinite(value.doubleValue())) {
            BigDecimal d = value.decimalValue();
            if (d.stripTrailingZeros().scale() <= 0) {
                return NODES.numberNode(d.toBigIntegerExact());
            }
        }
        return value;
    }

    private static String toJson(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize tool arguments", e);
        }
    }
}
