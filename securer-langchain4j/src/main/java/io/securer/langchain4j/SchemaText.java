package io.securer.langchain4j;

import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.model.chat.request.json.JsonAnyOfSchema;
import dev.langchain4j.model.chat.request.json.JsonArraySchema;
import dev.langchain4j.model.chat.request.json.JsonBooleanSchema;
import dev.langchain4j.model.chat.request.json.JsonEnumSchema;
import dev.langchain4j.model.chat.request.json.JsonIntegerSchema;
import dev.langchain4j.model.chat.request.json.JsonNullSchema;
import dev.langchain4j.model.chat.request.json.JsonNumberSchema;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonReferenceSchema;
import dev.langchain4j.model.chat.request.json.JsonSchemaElement;
import dev.langchain4j.model.chat.request.json.JsonStringSchema;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The compact text the model reads about a converted tool: its description folded onto one line,
 * then, per parameter, its description and what R value it takes where the R type in the signature
 * does not say it all: {@code unit: one of "KG", "LB"}, {@code order: list(id: character,
 * qty: integer, note: character = NULL)} ({@code = NULL} marks an optional field), {@code ids: an
 * integer vector}, {@code day: a date (a Date or "YYYY-MM-DD")}. Nesting stops at depth
 * {@value #MAX_DEPTH} with {@code list(...)}. Stateless.
 */
final class SchemaText {
    static final int MAX_DEPTH = 3;

    private SchemaText() {
    }

    /** The tool's description for the model: one line, parameters in parentheses. */
    static String describe(ToolSpecification spec) {
        StringBuilder sb = new StringBuilder(fold(spec.description()));
        JsonObjectSchema parameters = spec.parameters();
        if (parameters != null && parameters.properties() != null) {
            Map<String, JsonSchemaElement> defs = JsonArguments.definitions(parameters);
            List<String> params = new ArrayList<>();
            parameters.properties().forEach((name, schema) -> {
                String d = parameter(name, schema, defs);
                if (d != null) {
                    params.add(name + ": " + d);
                }
            });
            if (!params.isEmpty()) {
                sb.append(sb.length() == 0 ? "" : " ").append("(").append(String.join("; ", params)).append(")");
            }
        }
        return sb.toString();
    }

    /** Text on one line: runs of white space (line breaks included) become one space. */
    static String fold(String text) {
        return text == null ? "" : text.strip().replaceAll("\\s+", " ");
    }

    /** A parameter's description and R form, or null when the signature says it all. */
    private static String parameter(String name, JsonSchemaElement schema, Map<String, JsonSchemaElement> defs) {
        String description = schema == null ? "" : fold(schema.description());
        if (description.equals(name)) {
            description = ""; // @P("region") on region adds nothing
        }
        String form = phrase(schema, defs);
        if (form == null) {
            return description.isEmpty() ? null : description;
        }
        return description.isEmpty() ? form : description + ", " + form;
    }

    /** What a top-level value must be, in words; null for plain scalars (the signature names them). */
    static String phrase(JsonSchemaElement schema, Map<String, JsonSchemaElement> defs) {
        JsonSchemaElement s = SchemaTypes.resolve(schema, defs);
        SchemaTypes.Temporal temporal = SchemaTypes.temporal(s);
        if (temporal != null) {
            return temporal.text();
        }
        if (s instanceof JsonEnumSchema e) {
            return oneOf(e.enumValues());
        }
        if (s instanceof JsonArraySchema a) {
            boolean records = SchemaTypes.isRecord(SchemaTypes.resolve(a.items(), defs));
            String t = type(s, defs);
            return (t.startsWith("integer") ? "an " : "a ") + t + (records ? " or a data.frame" : "");
        }
        if (s instanceof JsonObjectSchema) {
            return SchemaTypes.isRecord(s) ? type(s, defs) : "a named vector or list, e.g. c(a = 1, b = 2)";
        }
        if (s instanceof JsonAnyOfSchema) {
            return "one of: " + type(s, defs);
        }
        return null;
    }

    /** {@code one of "KG", "LB"}. */
    static String oneOf(List<String> values) {
        return "one of " + (values == null ? "" : values.stream().map(v -> "\"" + v + "\"")
                .collect(Collectors.joining(", ")));
    }

    /** A compact R form of a value of {@code schema}, as used inside {@code list(...)}. */
    static String type(JsonSchemaElement schema, Map<String, JsonSchemaElement> defs) {
        return type(schema, defs, 0, new HashSet<>());
    }

    private static String type(JsonSchemaElement schema, Map<String, JsonSchemaElement> defs, int depth,
                               Set<String> refs) {
        if (schema instanceof JsonReferenceSchema ref) {
            if (!refs.add(ref.reference())) {
                return "list(...)"; // a recursive type: the same list again
            }
            String t = type(SchemaTypes.resolve(ref, defs), defs, depth, refs);
            refs.remove(ref.reference());
            return t;
        }
        SchemaTypes.Temporal temporal = SchemaTypes.temporal(schema);
        if (temporal != null) {
            return switch (temporal) {
                case DATE -> "Date";
                case TIME -> "\"HH:MM:SS\"";
                case DATE_TIME, INSTANT, OFFSET_DATE_TIME -> "POSIXct";
            };
        }
        String scalar = scalar(schema);
        if (scalar != null) {
            return scalar;
        }
        if (schema instanceof JsonEnumSchema e) {
            return e.enumValues() == null ? "character" : e.enumValues().stream().map(v -> "\"" + v + "\"")
                    .collect(Collectors.joining("|"));
        }
        if (schema instanceof JsonArraySchema a) {
            JsonSchemaElement items = SchemaTypes.resolve(a.items(), defs);
            SchemaTypes.Temporal itemTime = SchemaTypes.temporal(items);
            String itemScalar = itemTime == null ? scalar(items)
                    : itemTime == SchemaTypes.Temporal.DATE ? "Date"
                    : itemTime == SchemaTypes.Temporal.TIME ? "character" : "POSIXct";
            if (itemScalar != null) {
                return itemScalar + " vector";
            }
            if (items instanceof JsonEnumSchema) {
                return "vector of " + type(items, defs, depth, refs);
            }
            return "list of " + type(a.items(), defs, depth, refs);
        }
        if (schema instanceof JsonObjectSchema o) {
            if (!SchemaTypes.isRecord(o)) {
                return "named list";
            }
            if (depth >= MAX_DEPTH) {
                return "list(...)";
            }
            List<String> required = o.required() == null ? List.of() : o.required();
            List<String> fields = new ArrayList<>();
            o.properties().forEach((name, field) -> fields.add(name + ": " + type(field, defs, depth + 1, refs)
                    + (required.contains(name) ? "" : " = NULL")));
            return "list(" + String.join(", ", fields) + ")";
        }
        if (schema instanceof JsonAnyOfSchema any) {
            return any.anyOf().stream().map(a -> type(a, defs, depth, refs)).collect(Collectors.joining(" | "));
        }
        if (schema instanceof JsonNullSchema) {
            return "NULL";
        }
        return "any";
    }

    private static String scalar(JsonSchemaElement schema) {
        if (schema instanceof JsonStringSchema) {
            return "character";
        }
        if (schema instanceof JsonIntegerSchema) {
            return "integer";
        }
        if (schema instanceof JsonNumberSchema) {
            return "numeric";
        }
        if (schema instanceof JsonBooleanSchema) {
            return "logical";
        }
        return null;
    }
}
