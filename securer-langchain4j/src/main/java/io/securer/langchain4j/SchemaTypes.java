package io.securer.langchain4j;

import dev.langchain4j.model.chat.request.json.JsonArraySchema;
import dev.langchain4j.model.chat.request.json.JsonBooleanSchema;
import dev.langchain4j.model.chat.request.json.JsonEnumSchema;
import dev.langchain4j.model.chat.request.json.JsonIntegerSchema;
import dev.langchain4j.model.chat.request.json.JsonNumberSchema;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonSchemaElement;
import dev.langchain4j.model.chat.request.json.JsonStringSchema;
import io.securer.ArgType;

/** Maps a JSON Schema property to the R type the converted tool's argument must have. */
final class SchemaTypes {
    private SchemaTypes() {
    }

    static ArgType argType(JsonSchemaElement schema) {
        if (schema instanceof JsonStringSchema || schema instanceof JsonEnumSchema) {
            return ArgType.CHARACTER;
        }
        if (schema instanceof JsonIntegerSchema) {
            return ArgType.INTEGER;
        }
        if (schema instanceof JsonNumberSchema) {
            return ArgType.NUMERIC;
        }
        if (schema instanceof JsonBooleanSchema) {
            return ArgType.LOGICAL;
        }
        if (schema instanceof JsonArraySchema || schema instanceof JsonObjectSchema) {
            return ArgType.LIST;
        }
        // anyOf, $ref, raw schemas, null: R cannot check these meaningfully; the tool validates.
        return ArgType.ANY;
    }
}
