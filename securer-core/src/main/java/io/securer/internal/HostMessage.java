package io.securer.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.util.List;

/** A message the host sends to the child. The child trusts these; they are built only here. */
public sealed interface HostMessage {

    /** The JSON object for this message, as sent on the wire (one line, no newline). */
    ObjectNode toJson();

    default String encode() {
        try {
            return ChildMessageDecoder.mapper().writeValueAsString(toJson());
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One tool argument as the child must declare it. */
    record ArgSpec(String name, String rType, boolean required) {
    }

    /** One R function to install in the child's global environment. */
    record ToolSpec(String name, List<ArgSpec> args) {
        public ToolSpec {
            args = List.copyOf(args);
        }
    }

    /** Sent once after hello: the tools to install. The child answers ready. */
    record Init(List<ToolSpec> tools) implements HostMessage {
        public Init {
            tools = List.copyOf(tools);
        }

        @Override
        public ObjectNode toJson() {
            ObjectNode o = JsonNodeFactory.instance.objectNode().put("type", "init");
            ArrayNode arr = o.putArray("tools");
            for (ToolSpec t : tools) {
                ObjectNode to = arr.addObject().put("name", t.name());
                ArrayNode args = to.putArray("args");
                for (ArgSpec a : t.args()) {
                    args.addObject().put("name", a.name()).put("type", a.rType()).put("required", a.required());
                }
            }
            return o;
        }
    }

    /** Run {@code code}; the child prints a fence line with {@code fence} on stdout when done. */
    record Execute(long exec, String code, String fence) implements HostMessage {
        @Override
        public ObjectNode toJson() {
            return JsonNodeFactory.instance.objectNode().put("type", "execute").put("exec", exec)
                    .put("code", code).put("fence", fence);
        }
    }

    /** Parse {@code code} and report syntax validity and dangerous calls; nothing runs. */
    record Validate(long exec, String code) implements HostMessage {
        @Override
        public ObjectNode toJson() {
            return JsonNodeFactory.instance.objectNode().put("type", "validate").put("exec", exec).put("code", code);
        }
    }

    /** Answer to a tool_call: either a value or an error message for R to raise. */
    record ToolResult(long exec, long call, boolean ok, JsonNode value, String error) implements HostMessage {
        public static ToolResult success(long exec, long call, JsonNode value) {
            return new ToolResult(exec, call, true, value, null);
        }

        public static ToolResult failure(long exec, long call, String error) {
            return new ToolResult(exec, call, false, null, error);
        }

        @Override
        public ObjectNode toJson() {
            ObjectNode o = JsonNodeFactory.instance.objectNode().put("type", "tool_result").put("exec", exec)
                    .put("call", call).put("ok", ok);
            if (ok) {
                o.set("value", value == null ? JsonNodeFactory.instance.nullNode() : value);
            } else {
                o.put("error", error);
            }
            return o;
        }
    }
}
