package io.securer.langchain4j;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.langchain4j.model.chat.request.json.JsonAnyOfSchema;
import dev.langchain4j.model.chat.request.json.JsonArraySchema;
import dev.langchain4j.model.chat.request.json.JsonBooleanSchema;
import dev.langchain4j.model.chat.request.json.JsonEnumSchema;
import dev.langchain4j.model.chat.request.json.JsonIntegerSchema;
import dev.langchain4j.model.chat.request.json.JsonNumberSchema;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonSchemaElement;
import dev.langchain4j.model.chat.request.json.JsonStringSchema;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Turns what R passed to a converted tool into the JSON a LangChain4j {@code ToolExecutor} expects
 * for the tool's schema. R has no scalars and its runtime sends a length-1 vector as a scalar, a
 * longer one as an array, a named vector as an object, a Date or POSIXct as ISO text. So, by what
 * the schema says:
 * <ul>
 *   <li>array: a scalar becomes a one-element array; an object (a named vector or list) becomes
 *       its values in order, unless the items are records, when it is one record;</li>
 *   <li>record or map: an object stays an object; an empty vector is an empty object;</li>
 *   <li>integer: whole doubles become integers (R's {@code 5} is a double);</li>
 *   <li>enum: a value that matches ignoring case becomes the declared constant;</li>
 *   <li>java.time shapes: ISO text becomes the object LangChain4j expects ({@link TemporalJson});</li>
 *   <li>anyOf: the first alternative the converted value satisfies.</li>
 * </ul>
 * Whatever does not fit is left as it is for {@link SchemaValidator} to report. Optional arguments
 * and optional fields R left NULL are dropped. Stateless and thread-safe.
 */
final class JsonArguments {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private JsonArguments() {
    }

    /** The converted arguments object for a tool whose parameters are {@code parameters} (may be null). */
    static ObjectNode conformArguments(ObjectNode given, JsonObjectSchema parameters) {
        return conformObject(given, parameters, definitions(parameters));
    }

    static Map<String, JsonSchemaElement> definitions(JsonObjectSchema parameters) {
        return parameters == null || parameters.definitions() == null ? Map.of() : parameters.definitions();
    }

    static ObjectNode conformObject(ObjectNode given, JsonObjectSchema schema, Map<String, JsonSchemaElement> defs) {
        ObjectNode out = NODES.objectNode();
        Map<String, JsonSchemaElement> properties = schema == null || schema.properties() == null
                ? Map.of() : schema.properties();
        List<String> required = schema == null || schema.required() == null ? List.of() : schema.required();
        Iterator<Map.Entry<String, JsonNode>> fields = given.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            boolean isNull = f.getValue() == null || f.getValue().isNull();
            if (isNull && !required.contains(f.getKey())) {
                continue; // an optional value R left NULL or NA: absent, so the tool sees its default
            }
            out.set(f.getKey(), conform(f.getValue(), properties.get(f.getKey()), defs));
        }
        return out;
    }

    static JsonNode conform(JsonNode value, JsonSchemaElement schema, Map<String, JsonSchemaElement> defs) {
        JsonSchemaElement s = SchemaTypes.resolve(schema, defs);
        if (value == null || value.isNull() || s == null) {
            return value;
        }
        SchemaTypes.Temporal temporal = SchemaTypes.temporal(s);
        if (temporal != null) {
            JsonNode single = unwrapSingle(value);
            ObjectNode parsed = single.isTextual() ? TemporalJson.fromText(single.textValue(), temporal) : null;
            return parsed != null ? parsed : single;
        }
        if (s instanceof JsonStringSchema || s instanceof JsonBooleanSchema || s instanceof JsonNumberSchema) {
            return unwrapSingle(value);
        }
        if (s instanceof JsonEnumSchema e) {
            return enumValue(unwrapSingle(value), e);
        }
        if (s instanceof JsonIntegerSchema) {
            return wholeToIntegral(unwrapSingle(value));
        }
        if (s instanceof JsonArraySchema array) {
            return array(value, array.items(), defs);
        }
        if (s instanceof JsonObjectSchema object) {
            return object(value, object, defs);
        }
        if (s instanceof JsonAnyOfSchema anyOf) {
            for (JsonSchemaElement alternative : anyOf.anyOf()) {
                JsonNode c = conform(value, alternative, defs);
                if (SchemaValidator.check("x", c, alternative, defs) == null) {
                    return c;
                }
            }
        }
        return value;
    }

    private static JsonNode array(JsonNode value, JsonSchemaElement items, Map<String, JsonSchemaElement> defs) {
        ArrayNode out = NODES.arrayNode();
        if (value.isArray()) {
            value.forEach(item -> out.add(conform(item, items, defs)));
        } else if (value.isObject() && value.isEmpty()) {
            return out; // R's empty named list
        } else if (value.isObject() && SchemaTypes.isRecord(SchemaTypes.resolve(items, defs))) {
            out.add(conform(value, items, defs)); // list(name = "x", qty = 2): one record
        } else if (value.isObject()) {
            // A named vector where a list is wanted: its values in order (c(a = 1, b = 2) -> [1, 2]).
            value.forEach(item -> out.add(conform(item, items, defs)));
        } else {
            out.add(conform(value, items, defs));
        }
        return out;
    }

    private static JsonNode object(JsonNode value, JsonObjectSchema schema, Map<String, JsonSchemaElement> defs) {
        if (value.isArray() && value.isEmpty()) {
            return NODES.objectNode(); // list() and character(0) arrive as []
        }
        if (value.isArray() && value.size() == 1 && value.get(0).isObject()) {
            value = value.get(0); // a one-row data.frame for a record
        }
        if (!value.isObject()) {
            return value;
        }
        if (schema.properties() == null || schema.properties().isEmpty()) {
            return value; // a map: LangChain4j's schema says nothing about its values
        }
        return conformObject((ObjectNode) value, schema, defs);
    }

    private static JsonNode enumValue(JsonNode value, JsonEnumSchema schema) {
        if (!value.isTextual() || schema.enumValues() == null || schema.enumValues().contains(value.textValue())) {
            return value;
        }
        List<String> matches = new ArrayList<>();
        for (String v : schema.enumValues()) {
            if (v.equalsIgnoreCase(value.textValue())) {
                matches.add(v);
            }
        }
        return matches.size() == 1 ? TextNode.valueOf(matches.get(0)) : value;
    }

    private static JsonNode unwrapSingle(JsonNode value) {
        return value.isArray() && value.size() == 1 ? value.get(0) : value;
    }

    /** 5.0 becomes 5; 5.5 stays as it is, so the validator reports the bad value. */
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

    static String toJson(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize tool arguments", e);
        }
    }
}
