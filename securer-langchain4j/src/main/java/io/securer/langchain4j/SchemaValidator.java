package io.securer.langchain4j;

import com.fasterxml.jackson.databind.JsonNode;
import dev.langchain4j.model.chat.request.json.JsonAnyOfSchema;
import dev.langchain4j.model.chat.request.json.JsonArraySchema;
import dev.langchain4j.model.chat.request.json.JsonBooleanSchema;
import dev.langchain4j.model.chat.request.json.JsonEnumSchema;
import dev.langchain4j.model.chat.request.json.JsonIntegerSchema;
import dev.langchain4j.model.chat.request.json.JsonNullSchema;
import dev.langchain4j.model.chat.request.json.JsonNumberSchema;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonSchemaElement;
import dev.langchain4j.model.chat.request.json.JsonStringSchema;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Checks converted tool arguments against the tool's JSON Schema before the executor runs, so R
 * code gets a message naming the argument (in R notation, e.g. {@code order$items[[2]]$qty}) and
 * what was expected. Checked: types, enum values, required properties, array items, nested
 * objects, {@code additionalProperties: false}, {@code anyOf} and {@code $ref}. NA ({@code null})
 * is refused wherever a type is declared; an optional property may be NULL (it is dropped).
 * Raw schemas and unresolvable references are not checked. Stateless and thread-safe.
 */
final class SchemaValidator {
    private SchemaValidator() {
    }

    /** The first problem with a tool's converted arguments, or null when they fit. */
    static String checkArguments(JsonNode args, JsonObjectSchema parameters) {
        if (parameters == null) {
            return null;
        }
        Map<String, JsonSchemaElement> defs = JsonArguments.definitions(parameters);
        Map<String, JsonSchemaElement> properties = parameters.properties() == null
                ? Map.of() : parameters.properties();
        for (String name : parameters.required() == null ? List.<String>of() : parameters.required()) {
            if (!args.has(name)) {
                return "argument '" + name + "' is missing";
            }
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = args.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            JsonSchemaElement schema = properties.get(f.getKey());
            if (schema == null) {
                if (Boolean.FALSE.equals(parameters.additionalProperties())) {
                    return "there is no argument '" + f.getKey() + "'";
                }
                continue;
            }
            String problem = check(f.getKey(), f.getValue(), schema, defs);
            if (problem != null) {
                return problem;
            }
        }
        return null;
    }

    /** The first problem with {@code value} at {@code path}, or null when it fits {@code schema}. */
    static String check(String path, JsonNode value, JsonSchemaElement schema, Map<String, JsonSchemaElement> defs) {
        JsonSchemaElement s = SchemaTypes.resolve(schema, defs);
        if (s == null) {
            return null;
        }
        SchemaTypes.Temporal temporal = SchemaTypes.temporal(s);
        if (temporal != null && !value.isObject()) {
            return fail(path, temporal.text(), value);
        }
        if (s instanceof JsonStringSchema) {
            return value.isTextual() ? null : fail(path, "a string", value);
        }
        if (s instanceof JsonIntegerSchema) {
            return value.isIntegralNumber() ? null : fail(path, "a whole number", value);
        }
        if (s instanceof JsonNumberSchema) {
            return value.isNumber() ? null : fail(path, "a number", value);
        }
        if (s instanceof JsonBooleanSchema) {
            return value.isBoolean() ? null : fail(path, "TRUE or FALSE", value);
        }
        if (s instanceof JsonEnumSchema e) {
            List<String> allowed = e.enumValues() == null ? List.of() : e.enumValues();
            return value.isTextual() && allowed.contains(value.textValue()) ? null
                    : fail(path, SchemaText.oneOf(allowed), value);
        }
        if (s instanceof JsonNullSchema) {
            return value.isNull() ? null : fail(path, "NULL", value);
        }
        if (s instanceof JsonArraySchema array) {
            return checkArray(path, value, array, defs);
        }
        if (s instanceof JsonObjectSchema object) {
            return checkObject(path, value, object, defs);
        }
        if (s instanceof JsonAnyOfSchema anyOf) {
            for (JsonSchemaElement alternative : anyOf.anyOf()) {
                if (check(path, value, alternative, defs) == null) {
                    return null;
                }
            }
            return fail(path, "one of: " + anyOf.anyOf().stream().map(a -> SchemaText.type(a, defs))
                    .collect(Collectors.joining(" | ")), value);
        }
        return null; // raw schemas: nothing we can check
    }

    private static String checkArray(String path, JsonNode value, JsonArraySchema array,
                                     Map<String, JsonSchemaElement> defs) {
        if (!value.isArray()) {
            return fail(path, "a vector or list", value);
        }
        for (int i = 0; i < value.size(); i++) {
            String problem = check(path + "[[" + (i + 1) + "]]", value.get(i), array.items(), defs);
            if (problem != null) {
                return problem;
            }
        }
        return null;
    }

    private static String checkObject(String path, JsonNode value, JsonObjectSchema object,
                                      Map<String, JsonSchemaElement> defs) {
        Map<String, JsonSchemaElement> properties = object.properties() == null ? Map.of() : object.properties();
        if (!value.isObject()) {
            return fail(path, properties.isEmpty() ? "a named vector or list, e.g. c(a = 1, b = 2)"
                    : "a named list with fields " + String.join(", ", properties.keySet()), value);
        }
        for (String name : object.required() == null ? List.<String>of() : object.required()) {
            if (!value.has(name)) {
                return "argument '" + path + "' must have field '" + name + "' (fields: "
                        + String.join(", ", properties.keySet()) + ")";
            }
        }
        List<String> unknown = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            JsonSchemaElement schema = properties.get(f.getKey());
            if (schema == null) {
                unknown.add(f.getKey());
                continue;
            }
            String problem = check(path + "$" + f.getKey(), f.getValue(), schema, defs);
            if (problem != null) {
                return problem;
            }
        }
        if (!unknown.isEmpty() && Boolean.FALSE.equals(object.additionalProperties())) {
            return "argument '" + path + "' has no field '" + unknown.get(0) + "' (fields: "
                    + String.join(", ", properties.keySet()) + ")";
        }
        return null;
    }

    private static String fail(String path, String expected, JsonNode got) {
        return "argument '" + path + "' must be " + expected + ", not " + describe(got);
    }

    /** What R passed, in R's words. */
    static String describe(JsonNode v) {
        if (v == null || v.isNull()) {
            return "NA";
        }
        if (v.isTextual()) {
            String t = v.textValue();
            return "\"" + (t.length() > 40 ? t.substring(0, 40) + "..." : t) + "\"";
        }
        if (v.isBoolean()) {
            return v.booleanValue() ? "TRUE" : "FALSE";
        }
        if (v.isNumber()) {
            return v.asText();
        }
        if (v.isArray()) {
            return v.isEmpty() ? "an empty vector" : "an unnamed vector or list of length " + v.size();
        }
        List<String> names = new ArrayList<>();
        v.fieldNames().forEachRemaining(names::add);
        return names.isEmpty() ? "an empty named list"
                : "a named list or vector (names: " + String.join(", ", names) + ")";
    }
}
