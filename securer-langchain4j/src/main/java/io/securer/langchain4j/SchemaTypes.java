package io.securer.langchain4j;

import dev.langchain4j.model.chat.request.json.JsonArraySchema;
import dev.langchain4j.model.chat.request.json.JsonBooleanSchema;
import dev.langchain4j.model.chat.request.json.JsonEnumSchema;
import dev.langchain4j.model.chat.request.json.JsonIntegerSchema;
import dev.langchain4j.model.chat.request.json.JsonNumberSchema;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonReferenceSchema;
import dev.langchain4j.model.chat.request.json.JsonSchemaElement;
import dev.langchain4j.model.chat.request.json.JsonStringSchema;
import io.securer.ArgType;
import java.util.Map;
import java.util.Set;

/**
 * What a JSON Schema property means for R: the R type its argument must have, and whether it is
 * one of the object shapes LangChain4j 1.19 generates for {@code java.time} types (R sends those
 * as ISO text). Stateless.
 */
final class SchemaTypes {
    /** The java.time shapes of LangChain4j's schemas, which R writes as ISO text. */
    enum Temporal {
        /** {@code LocalDate}: {@code {year, month, day}}. */
        DATE("a date (a Date or \"YYYY-MM-DD\")"),
        /** {@code LocalTime}: {@code {hour, minute, second, nano}}. */
        TIME("a time of day (\"HH:MM:SS\")"),
        /** {@code LocalDateTime}: {@code {date, time}}. */
        DATE_TIME("a date-time (a POSIXct or \"YYYY-MM-DD HH:MM:SS\")"),
        /** {@code Instant}: {@code {seconds, nanos}}. */
        INSTANT("an instant (a POSIXct or \"YYYY-MM-DDTHH:MM:SSZ\")"),
        /** {@code OffsetDateTime}: {@code {dateTime, offset}}. */
        OFFSET_DATE_TIME("a date-time with offset (a POSIXct or \"YYYY-MM-DDTHH:MM:SS+01:00\")");

        private final String text;

        Temporal(String text) {
            this.text = text;
        }

        /** How the description and error messages name the expected value. */
        String text() {
            return text;
        }
    }

    private SchemaTypes() {
    }

    /** The R type for a parameter; {@code definitions} resolves {@code $ref}s (may be empty). */
    static ArgType argType(JsonSchemaElement schema, Map<String, JsonSchemaElement> definitions) {
        JsonSchemaElement s = resolve(schema, definitions);
        if (s instanceof JsonStringSchema || s instanceof JsonEnumSchema || temporal(s) != null) {
            return ArgType.CHARACTER; // R checks: character, factor, Date or POSIXct
        }
        if (s instanceof JsonIntegerSchema) {
            return ArgType.INTEGER;
        }
        if (s instanceof JsonNumberSchema) {
            return ArgType.NUMERIC;
        }
        if (s instanceof JsonBooleanSchema) {
            return ArgType.LOGICAL;
        }
        if (s instanceof JsonArraySchema || s instanceof JsonObjectSchema) {
            return ArgType.LIST; // R accepts any vector or list; the host checks the shape
        }
        // anyOf, raw schemas, null, unresolvable $ref: R cannot check these; the host validates.
        return ArgType.ANY;
    }

    static ArgType argType(JsonSchemaElement schema) {
        return argType(schema, Map.of());
    }

    /** The referenced schema for a {@code $ref}, the schema itself otherwise (null if unresolvable). */
    static JsonSchemaElement resolve(JsonSchemaElement schema, Map<String, JsonSchemaElement> definitions) {
        JsonSchemaElement s = schema;
        for (int hops = 0; s instanceof JsonReferenceSchema ref && hops < 16; hops++) {
            s = definitions == null ? null : definitions.get(ref.reference());
        }
        return s instanceof JsonReferenceSchema ? null : s;
    }

    /** The java.time shape {@code schema} has, or null. */
    static Temporal temporal(JsonSchemaElement schema) {
        if (!(schema instanceof JsonObjectSchema o) || o.properties() == null) {
            return null;
        }
        Map<String, JsonSchemaElement> p = o.properties();
        if (integers(p, "year", "month", "day")) {
            return Temporal.DATE;
        }
        if (integers(p, "hour", "minute", "second", "nano")) {
            return Temporal.TIME;
        }
        if (integers(p, "seconds", "nanos")) {
            return Temporal.INSTANT;
        }
        if (p.keySet().equals(Set.of("date", "time"))
                && temporal(p.get("date")) == Temporal.DATE && temporal(p.get("time")) == Temporal.TIME) {
            return Temporal.DATE_TIME;
        }
        if (p.keySet().equals(Set.of("dateTime", "offset")) && temporal(p.get("dateTime")) == Temporal.DATE_TIME
                && p.get("offset") instanceof JsonObjectSchema offset && offset.properties() != null
                && offset.properties().keySet().equals(Set.of("totalSeconds", "id"))) {
            return Temporal.OFFSET_DATE_TIME;
        }
        return null;
    }

    /**
     * An object schema with fields: not a map ({@code Map<String, X>} has no properties) and not a
     * java.time shape (R sends those as text).
     */
    static boolean isRecord(JsonSchemaElement schema) {
        return schema instanceof JsonObjectSchema o && o.properties() != null && !o.properties().isEmpty()
                && temporal(o) == null;
    }

    private static boolean integers(Map<String, JsonSchemaElement> properties, String... names) {
        if (!properties.keySet().equals(Set.of(names))) {
            return false;
        }
        for (String n : names) {
            if (!(properties.get(n) instanceof JsonIntegerSchema)) {
                return false;
            }
        }
        return true;
    }
}
