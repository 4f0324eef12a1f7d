package io.securer.engine;

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

    /**
     * Settings the runtime applies for the whole life of the child.
     *
     * @param killStrays    end the processes an execution started when it ends (safe only in a
     *                      sandbox with its own pid namespace)
     * @param maxValueBytes largest value sent as JSON; larger ones are reported as omitted
     */
    record RuntimeOptions(boolean killStrays, long maxValueBytes, int maxPrint, PlotOptions plot) {
        /** These options with stray-killing on exactly when the child has its own pid namespace. */
        public RuntimeOptions forIsolation(io.securer.engine.sandbox.Isolation isolation) {
            return new RuntimeOptions(isolation == io.securer.engine.sandbox.Isolation.BUBBLEWRAP, maxValueBytes,
                    maxPrint, plot);
        }
    }

    /**
     * How the runtime renders graphics.
     *
     * @param format   {@code png} or {@code svg}
     * @param width    pixels
     * @param height   pixels
     * @param dpi      resolution (PNG) / pixels per inch for SVG's size
     * @param maxBytes image bytes one execution may return
     */
    record PlotOptions(String format, int width, int height, int dpi, long maxBytes) {
    }

    /** Sent once after hello: the tools to install and the runtime's settings. The child answers ready. */
    record Init(List<ToolSpec> tools, RuntimeOptions options) implements HostMessage {
        public Init {
            tools = List.copyOf(tools);
        }

        @Override
        public ObjectNode toJson() {
            ObjectNode o = JsonNodeFactory.instance.objectNode().put("type", "init");
            o.put("kill_strays", options.killStrays()).put("max_value_bytes", options.maxValueBytes())
                    .put("max_print", options.maxPrint());
            PlotOptions p = options.plot();
            o.putObject("plot").put("format", p.format()).put("width", p.width()).put("height", p.height())
                    .put("res", p.dpi()).put("max_bytes", p.maxBytes());
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

    /**
     * Run {@code code}; the child brackets the execution's output with a start and an end line
     * carrying {@code fence}.
     */
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

    /**
     * Execution {@code exec} timed out and R was sent SIGINT before this notice: the runtime ends
     * the execution if it still runs, clears the interrupt if it landed after the code finished,
     * and answers interrupt_ack.
     */
    record Interrupt(long exec) implements HostMessage {
        @Override
        public ObjectNode toJson() {
            return JsonNodeFactory.instance.objectNode().put("type", "interrupt").put("exec", exec);
        }
    }

    /** Answer to a tool_call: either a value (invisible for "no value") or an error message for R to raise. */
    record ToolResult(long exec, long call, boolean ok, JsonNode value, boolean invisible, String error)
            implements HostMessage {
        public static ToolResult success(long exec, long call, JsonNode value, boolean invisible) {
            return new ToolResult(exec, call, true, value, invisible, null);
        }

        public static ToolResult failure(long exec, long call, String error) {
            return new ToolResult(exec, call, false, null, false, error);
        }

        @Override
        public ObjectNode toJson() {
            ObjectNode o = JsonNodeFactory.instance.objectNode().put("type", "tool_result").put("exec", exec)
                    .put("call", call).put("ok", ok);
            if (ok) {
                o.set("value", value == null ? JsonNodeFactory.instance.nullNode() : value);
                o.put("visible", !invisible);
            } else {
                o.put("error", error);
            }
            return o;
        }
    }
}
