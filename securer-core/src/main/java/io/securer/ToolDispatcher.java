package io.securer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import io.securer.engine.ErrorSanitizer;
import io.securer.engine.HostMessage;

/**
 * Checks a tool call from the child against the declared tools (the child's own R-side checks
 * cannot be trusted) and runs the handler. Immutable and thread-safe.
 */
final class ToolDispatcher {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final Map<String, SecurerTool> tools;
    private final List<SecurerTool> ordered;

    ToolDispatcher(List<SecurerTool> tools) {
        this.ordered = List.copyOf(tools);
        Map<String, SecurerTool> m = new LinkedHashMap<>();
        for (SecurerTool t : tools) {
            if (m.putIfAbsent(t.name(), t) != null) {
                throw new IllegalArgumentException("duplicate tool name '" + t.name() + "'");
            }
        }
        this.tools = Map.copyOf(m);
    }

    /** The specs the child needs to install one R function per tool. */
    List<HostMessage.ToolSpec> specs() {
        return ordered.stream().map(t -> new HostMessage.ToolSpec(t.name(), t.args().stream()
                .map(a -> new HostMessage.ArgSpec(a.name(), a.type().rName(), a.required())).toList())).toList();
    }


    List<SecurerTool> tools() {
        return ordered;
    }

    /** The outcome of checking a call: a tool to run with its arguments, or an error for R. */
    record Checked(SecurerTool tool, ToolArgs args, String error) {
    }

    /** Checks a call; {@code context} travels to the handler as {@link ToolArgs#context()}. */
    Checked check(String name, ObjectNode args, Object context) {
        SecurerTool tool = tools.get(name);
        if (tool == null) {
            return new Checked(null, null, "unknown tool '" + ErrorSanitizer.sanitize(name) + "'");
        }
        Map<String, SecurerTool.Arg> declared = new LinkedHashMap<>();
        for (SecurerTool.Arg a : tool.args()) {
            declared.put(a.name(), a);
        }
        for (Iterator<String> it = args.fieldNames(); it.hasNext(); ) {
            String given = it.next();
            if (!declared.containsKey(given)) {
                return new Checked(null, null, "tool '" + name + "' has no argument '" + ErrorSanitizer.sanitize(given) + "'");
            }
        }
        for (SecurerTool.Arg a : tool.args()) {
            JsonNode v = args.get(a.name());
            if (v == null || v.isNull()) {
                if (a.required()) {
                    return new Checked(null, null, "tool '" + name + "': argument '" + a.name() + "' is missing");
                }
                continue;
            }
            if (!matches(a.type(), v)) {
                return new Checked(null, null, "tool '" + name + "': argument '" + a.name() + "' must be "
                        + a.type().rName());
            }
        }
        return new Checked(tool, new ToolArgs(args, context), null);
    }

    /** A handler's return value as JSON. */
    static JsonNode toJson(Object result) {
        return result instanceof JsonNode n ? n : MAPPER.valueToTree(result);
    }

    static boolean matches(ArgType type, JsonNode v) {
        return switch (type) {
            case ANY -> true;
            case NUMERIC -> all(v, n -> n.isNumber());
            case INTEGER -> all(v, n -> n.isIntegralNumber() || (n.isNumber() && n.doubleValue() == Math.rint(n.doubleValue())));
            case CHARACTER -> all(v, JsonNode::isTextual);
            case LOGICAL -> all(v, JsonNode::isBoolean);
            // R's natural values for a collection: a list, any vector (length 1 arrives unboxed),
            // a named vector (an object); whoever receives it checks the shape it needs.
            case LIST -> v.isObject() || v.isArray() || v.isValueNode();
            case DATA_FRAME -> v.isArray() && all(v, JsonNode::isObject) || v.isArray() && v.isEmpty();
        };
    }

    /** A scalar or an array whose elements all pass (null stands for NA and passes). */
    private static boolean all(JsonNode v, java.util.function.Predicate<JsonNode> ok) {
        if (v.isArray()) {
            for (JsonNode n : v) {
                if (!n.isNull() && !ok.test(n)) {
                    return false;
                }
            }
            return true;
        }
        return ok.test(v);
    }
}
