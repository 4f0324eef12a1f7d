package io.securer.examples;

import com.fasterxml.jackson.databind.JsonNode;
import io.securer.SecurerTool;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Wraps host tools so that every call R makes is written to a {@link Transcript} as an R call
 * with its arguments, then the answer in short. The wrapped tool has the same name, description
 * and arguments, so R and the model see no difference. Stateless.
 */
public final class TracedTools {
    private static final int MAX_TEXT = 60;

    private TracedTools() {
    }

    public static List<SecurerTool> wrap(List<SecurerTool> tools, Transcript transcript) {
        Objects.requireNonNull(transcript, "transcript");
        List<SecurerTool> out = new ArrayList<>();
        for (SecurerTool tool : tools) {
            out.add(tool.toBuilder().handler(args -> {
                String call = tool.name() + "(" + rArguments(args.json()) + ")";
                try {
                    Object result = tool.handler().call(args);
                    transcript.line("[R -> host] " + call + " -> " + summary(result));
                    return result;
                } catch (Exception e) {
                    transcript.line("[R -> host] " + call + " -> error: " + e.getMessage());
                    throw e;
                }
            }).build());
        }
        return List.copyOf(out);
    }

    /** {@code region = "EU"}, as the call would be written in R. */
    static String rArguments(JsonNode args) {
        List<String> parts = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = args.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            parts.add(e.getKey() + " = " + (e.getValue().isTextual() ? quote(e.getValue().textValue())
                    : abbreviate(e.getValue().toString())));
        }
        return String.join(", ", parts);
    }

    static String summary(Object result) {
        if (result instanceof JsonNode node) {
            if (node.isArray()) {
                return node.size() + (node.size() > 0 && node.get(0).isObject() ? " rows" : " values");
            }
            if (node.isObject()) {
                return "object with " + node.size() + " fields";
            }
            return abbreviate(node.toString());
        }
        return result == null ? "NULL" : quote(String.valueOf(result));
    }

    private static String quote(String s) {
        return "\"" + abbreviate(s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n")) + "\"";
    }

    private static String abbreviate(String s) {
        return s.length() <= MAX_TEXT ? s : s.substring(0, MAX_TEXT) + "...";
    }
}
