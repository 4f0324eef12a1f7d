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
            return new RuntimeOptions(isolation.ownPidNamespace(), maxValueBytes, maxPrint, plot);
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
     * A request the runtime carries out as an execution: numbered {@code exec}, its output
     * bracketed by a start and an end line carrying {@code fence}, ended by a result or an error.
     */
    sealed interface Operation extends HostMessage {
        long exec();

        String fence();

        /** A one-line description for events and the audit log (never run as code). */
        String describe();

        /** The bytes that follow on the bulk channel, or null. */
        default BulkSource bulk() {
            return null;
        }
    }

    /**
     * Run {@code code}; the child brackets the execution's output with a start and an end line
     * carrying {@code fence}.
     */
    record Execute(long exec, String code, String fence) implements Operation {
        @Override
        public String describe() {
            return code;
        }

        @Override
        public ObjectNode toJson() {
            return JsonNodeFactory.instance.objectNode().put("type", "execute").put("exec", exec)
                    .put("code", code).put("fence", fence);
        }
    }

    /**
     * Evaluate {@code expr} and send the data frame it yields as columns (within {@code maxBytes}
     * in all); the result's value is {@code {"rows": n, "columns": k}}.
     */
    record GetFrame(long exec, String fence, String expr, long maxBytes) implements Operation {
        @Override
        public String describe() {
            return "#securer: getDataFrame(" + expr + ")";
        }

        @Override
        public ObjectNode toJson() {
            return op("get_frame", exec, fence).put("expr", expr).put("max_bytes", maxBytes);
        }
    }

    /** Read a data frame from the bulk channel and assign it to {@code name} in the global environment. */
    record PutFrame(long exec, String fence, String name, OutboundFrame frame) implements Operation {
        @Override
        public String describe() {
            return "#securer: assign(\"" + name + "\", <data frame: " + frame.rows() + " rows, "
                    + frame.columns().size() + " columns>)";
        }

        @Override
        public BulkSource bulk() {
            return frame.data();
        }

        @Override
        public ObjectNode toJson() {
            ObjectNode o = op("put_frame", exec, fence).put("name", name);
            putFrame(o.putObject("frame"), frame);
            return o;
        }
    }

    /** Send the file at {@code path} (relative to R's working directory), at most {@code maxBytes}. */
    record ReadFile(long exec, String fence, String path, long maxBytes) implements Operation {
        @Override
        public String describe() {
            return "#securer: files().read(\"" + path + "\")";
        }

        @Override
        public ObjectNode toJson() {
            return op("read_file", exec, fence).put("path", path).put("max_bytes", maxBytes);
        }
    }

    /** Write the {@code source.size()} bytes that follow on the bulk channel to {@code path}. */
    record WriteFile(long exec, String fence, String path, BulkSource source) implements Operation {
        @Override
        public String describe() {
            return "#securer: files().write(\"" + path + "\", <" + source.size() + " bytes>)";
        }

        @Override
        public BulkSource bulk() {
            return source;
        }

        @Override
        public ObjectNode toJson() {
            return op("write_file", exec, fence).put("path", path).put("bytes", source.size());
        }
    }

    /** List the files under R's working directory (at most {@code maxEntries}). */
    record ListFiles(long exec, String fence, int maxEntries) implements Operation {
        @Override
        public String describe() {
            return "#securer: files().list()";
        }

        @Override
        public ObjectNode toJson() {
            return op("list_files", exec, fence).put("max_entries", maxEntries);
        }
    }

    /** Delete the file at {@code path}. */
    record DeleteFile(long exec, String fence, String path) implements Operation {
        @Override
        public String describe() {
            return "#securer: files().delete(\"" + path + "\")";
        }

        @Override
        public ObjectNode toJson() {
            return op("delete_file", exec, fence).put("path", path);
        }
    }

    /**
     * Serialize each object of the global environment (and, with {@code files}, each file of the
     * working directory) as an entry, within {@code maxBytes}; the result's value lists skipped names.
     */
    record TakeSnapshot(long exec, String fence, boolean files, long maxBytes) implements Operation {
        @Override
        public String describe() {
            return "#securer: snapshot()";
        }

        @Override
        public ObjectNode toJson() {
            return op("snapshot", exec, fence).put("files", files).put("max_bytes", maxBytes);
        }
    }

    /** One snapshot entry announced for the bulk channel. */
    record EntrySpec(String kind, String name, long bytes) {
    }

    /**
     * Replace the global environment's objects with the entries that follow on the bulk channel
     * (files are written to the working directory); the result's value lists entries that failed.
     */
    record Restore(long exec, String fence, List<EntrySpec> entries, BulkSource data) implements Operation {
        public Restore {
            entries = List.copyOf(entries);
        }

        @Override
        public String describe() {
            return "#securer: restore(<" + entries.size() + " entries, " + data.size() + " bytes>)";
        }

        @Override
        public BulkSource bulk() {
            return data;
        }

        @Override
        public ObjectNode toJson() {
            ObjectNode o = op("restore", exec, fence);
            ArrayNode arr = o.putArray("entries");
            for (EntrySpec e : entries) {
                arr.addObject().put("kind", e.kind()).put("name", e.name()).put("bytes", e.bytes());
            }
            return o;
        }
    }

    private static ObjectNode op(String type, long exec, String fence) {
        return JsonNodeFactory.instance.objectNode().put("type", type).put("exec", exec).put("fence", fence);
    }

    private static void putFrame(ObjectNode o, OutboundFrame frame) {
        o.put("rows", frame.rows());
        ArrayNode cols = o.putArray("columns");
        for (WireColumn c : frame.columns()) {
            cols.addObject().put("name", c.name()).put("type", c.type().wireName()).put("bytes", c.bytes())
                    .put("na", c.na());
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
    record ToolResult(long exec, long call, boolean ok, JsonNode value, boolean invisible, String error,
                      OutboundFrame frame) implements HostMessage {
        public static ToolResult success(long exec, long call, JsonNode value, boolean invisible) {
            return new ToolResult(exec, call, true, value, invisible, null, null);
        }

        /** A data frame whose columns follow on the bulk channel. */
        public static ToolResult frame(long exec, long call, OutboundFrame frame) {
            return new ToolResult(exec, call, true, null, false, null, frame);
        }

        public static ToolResult failure(long exec, long call, String error) {
            return new ToolResult(exec, call, false, null, false, error, null);
        }

        @Override
        public ObjectNode toJson() {
            ObjectNode o = JsonNodeFactory.instance.objectNode().put("type", "tool_result").put("exec", exec)
                    .put("call", call).put("ok", ok);
            if (ok) {
                o.set("value", value == null ? JsonNodeFactory.instance.nullNode() : value);
                o.put("visible", !invisible);
                if (frame != null) {
                    putFrame(o.putObject("frame"), frame);
                }
            } else {
                o.put("error", error);
            }
            return o;
        }
    }
}
