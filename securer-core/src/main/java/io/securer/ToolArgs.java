package io.securer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The arguments of one tool call, as JSON decoded from what R sent (jsonlite conventions:
 * length-1 vectors are scalars, longer vectors arrays, data frames arrays of row objects, NA null).
 * Optional arguments that R left NULL are absent. Immutable view; safe to read from any thread.
 */
public final class ToolArgs {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final ObjectNode args;
    private final Object context;

    /**
     * Arguments as a handler receives them, for testing handlers: {@code json} is what R sent,
     * {@code context} the execution's {@link ExecuteOptions#callContext()} (may be null).
     */
    public static ToolArgs of(ObjectNode json, Object context) {
        return new ToolArgs(json, context);
    }

    /** @param context the execution's {@link ExecuteOptions#callContext()}, may be null */
    ToolArgs(ObjectNode args, Object context) {
        this.args = Objects.requireNonNull(args).deepCopy();
        this.context = context;
    }

    /** The calling execution's {@link ExecuteOptions#callContext()} (e.g. a chat memory id), or null. */
    public Object context() {
        return context;
    }


    /** True when the argument was given (and not NULL). */
    public boolean has(String name) {
        JsonNode n = args.get(name);
        return n != null && !n.isNull();
    }

    /** The names of the arguments R passed, in order. */
    public List<String> names() {
        List<String> out = new ArrayList<>();
        args.fieldNames().forEachRemaining(out::add);
        return out;
    }

    public double getDouble(String name) {
        JsonNode n = scalar(name);
        if (!n.isNumber()) {
            throw new IllegalArgumentException("argument '" + name + "' is not a number");
        }
        return n.doubleValue();
    }

    public int getInt(String name) {
        JsonNode n = scalar(name);
        if (!n.isNumber() || n.doubleValue() != Math.rint(n.doubleValue()) || !n.canConvertToInt()) {
            throw new IllegalArgumentException("argument '" + name + "' is not an integer");
        }
        return n.intValue();
    }

    public String getString(String name) {
        JsonNode n = scalar(name);
        if (!n.isTextual()) {
            throw new IllegalArgumentException("argument '" + name + "' is not a string");
        }
        return n.textValue();
    }

    public boolean getBoolean(String name) {
        JsonNode n = scalar(name);
        if (!n.isBoolean()) {
            throw new IllegalArgumentException("argument '" + name + "' is not a logical");
        }
        return n.booleanValue();
    }

    /** Converts the argument with Jackson, e.g. {@code get("xs", double[].class)}; null when absent. */
    public <T> T get(String name, Class<T> type) {
        JsonNode n = args.get(name);
        if (n == null || n.isNull()) {
            return null;
        }
        try {
            return MAPPER.treeToValue(n, type);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new IllegalArgumentException("argument '" + name + "' cannot be read as " + type.getSimpleName(), e);
        }
    }

    /** The raw JSON of one argument, or null when absent. */
    public JsonNode json(String name) {
        JsonNode n = args.get(name);
        return n == null ? null : n.deepCopy();
    }

    /** All arguments as one JSON object (a copy). */
    public ObjectNode json() {
        return args.deepCopy();
    }

    private JsonNode scalar(String name) {
        JsonNode n = args.get(name);
        if (n == null || n.isNull()) {
            throw new IllegalArgumentException("argument '" + name + "' is missing");
        }
        if (n.isArray() && n.size() == 1) {
            n = n.get(0);
        }
        return n;
    }

    @Override
    public String toString() {
        return args.toString();
    }
}
