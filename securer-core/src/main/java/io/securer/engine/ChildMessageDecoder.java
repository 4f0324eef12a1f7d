package io.securer.engine;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Turns one line from the child into a typed {@link ChildMessage}, rejecting anything that is
 * not exactly what the protocol allows: unknown types, missing, extra or mistyped fields,
 * over-deep nesting, duplicate keys. Stateless and thread-safe.
 */
public final class ChildMessageDecoder {

    private static final int MAX_NAME = 256;
    private static final int MAX_CLASSES = 64;
    private static final int MAX_WARNINGS = 256;
    private static final int MAX_COLUMN_NAME = 10_000;
    /** R's longest object name (10 000 bytes), which also bounds a file's relative path here. */
    private static final int MAX_ENTRY_NAME = 10_000;

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    static {
        MAPPER.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(64)
                .maxNumberLength(400)
                .build());
    }

    private ChildMessageDecoder() {
    }

    /** The mapper used for protocol JSON; configured strictly, shared, thread-safe. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    public static ChildMessage decode(String line) {
        JsonNode node;
        try {
            node = MAPPER.readTree(line);
        } catch (JsonProcessingException e) {
            throw new ProtocolViolationException("child sent malformed JSON: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            throw new ProtocolViolationException("child sent a message that is not a JSON object");
        }
        ObjectNode obj = (ObjectNode) node;
        String type = text(obj, "type", 32);
        return switch (type) {
            case "hello" -> {
                only(obj, "type", "protocol", "token", "pid", "r_version", "bulk_pipe");
                yield new ChildMessage.Hello((int) integer(obj, "protocol", 1, 1000), text(obj, "token", 128),
                        integer(obj, "pid", 1, Integer.MAX_VALUE), text(obj, "r_version", 32), bool(obj, "bulk_pipe"));
            }
            case "ready" -> {
                only(obj, "type");
                yield new ChildMessage.Ready();
            }
            case "tool_call" -> {
                only(obj, "type", "exec", "call", "tool", "args");
                JsonNode args = obj.get("args");
                if (args == null || !args.isObject()) {
                    throw violation("tool_call.args must be an object");
                }
                yield new ChildMessage.ToolCall(id(obj, "exec"), id(obj, "call"), text(obj, "tool", MAX_NAME),
                        (ObjectNode) args);
            }
            case "result" -> {
                only(obj, "type", "exec", "value", "omitted", "visible", "class");
                JsonNode value = obj.get("value");
                boolean omitted = bool(obj, "omitted");
                if (omitted && !value.isNull()) {
                    throw violation("result.value must be null when omitted");
                }
                yield new ChildMessage.Result(id(obj, "exec"), value, omitted, bool(obj, "visible"),
                        strings(obj, "class", MAX_CLASSES, MAX_NAME));
            }
            case "plot" -> {
                only(obj, "type", "exec", "mime", "width", "height", "bytes");
                String mime = text(obj, "mime", 32);
                if (!mime.equals("image/png") && !mime.equals("image/svg+xml")) {
                    throw violation("plot.mime '" + abbreviate(mime) + "' is not image/png or image/svg+xml");
                }
                yield new ChildMessage.Plot(id(obj, "exec"), mime, (int) integer(obj, "width", 1, 100_000),
                        (int) integer(obj, "height", 1, 100_000), (int) integer(obj, "bytes", 1, Integer.MAX_VALUE - 16),
                        null);
            }
            case "column" -> {
                only(obj, "type", "exec", "name", "col_type", "rows", "na", "bytes", "pipe");
                String t = text(obj, "col_type", 16);
                WireType colType = WireType.ofWireName(t);
                if (colType == null) {
                    throw violation("column.col_type '" + abbreviate(t) + "' is not a known column type");
                }
                yield new ChildMessage.ColumnHeader(id(obj, "exec"), text(obj, "name", MAX_COLUMN_NAME), colType,
                        integer(obj, "rows", 0, Integer.MAX_VALUE - 16), integer(obj, "na", 0, Integer.MAX_VALUE - 16),
                        integer(obj, "bytes", 0, Long.MAX_VALUE / 2), bool(obj, "pipe"));
            }
            case "entry" -> {
                only(obj, "type", "exec", "kind", "name", "bytes");
                String kind = text(obj, "kind", 16);
                if (!kind.equals("object") && !kind.equals("file")) {
                    throw violation("entry.kind '" + abbreviate(kind) + "' is not object or file");
                }
                yield new ChildMessage.EntryHeader(id(obj, "exec"), kind, text(obj, "name", MAX_ENTRY_NAME),
                        integer(obj, "bytes", 0, Long.MAX_VALUE / 2));
            }
            case "chunk" -> {
                only(obj, "type", "exec", "bytes");
                yield new ChildMessage.Chunk(id(obj, "exec"), (int) integer(obj, "bytes", 1, Integer.MAX_VALUE - 16), null);
            }
            case "interrupt_ack" -> {
                only(obj, "type", "exec");
                yield new ChildMessage.InterruptAck(id(obj, "exec"));
            }
            case "error" -> {
                only(obj, "type", "exec", "kind", "message", "call");
                String kind = text(obj, "kind", 16);
                ChildMessage.Failure.Kind k = switch (kind) {
                    case "syntax", "runtime", "interrupted", "transfer", "file", "snapshot" ->
                            ChildMessage.Failure.Kind.valueOf(kind.toUpperCase(Locale.ROOT));
                    default -> throw violation("error.kind '" + abbreviate(kind)
                            + "' is not one of syntax, runtime, interrupted, transfer, file, snapshot");
                };
                yield new ChildMessage.Failure(id(obj, "exec"), k, text(obj, "message", Integer.MAX_VALUE),
                        nullableText(obj, "call"));
            }
            case "validation" -> {
                only(obj, "type", "exec", "valid", "error", "warnings");
                yield new ChildMessage.Validation(id(obj, "exec"), bool(obj, "valid"), nullableText(obj, "error"),
                        strings(obj, "warnings", MAX_WARNINGS, 1024));
            }
            default -> throw violation("unknown message type '" + abbreviate(type) + "'");
        };
    }

    private static ProtocolViolationException violation(String what) {
        return new ProtocolViolationException("child broke the protocol: " + what);
    }

    private static void only(ObjectNode obj, String... allowed) {
        Set<String> ok = Set.of(allowed);
        for (Iterator<String> it = obj.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!ok.contains(f)) {
                throw violation("unexpected field '" + abbreviate(f) + "' in " + obj.get("type").asText() + " message");
            }
        }
        for (String f : allowed) {
            if (!obj.has(f)) {
                throw violation(obj.get("type").asText() + " message lacks field '" + f + "'");
            }
        }
    }

    private static String text(ObjectNode obj, String field, int maxLength) {
        JsonNode n = obj.get(field);
        if (n == null || !n.isTextual()) {
            throw violation("field '" + field + "' must be a string");
        }
        String s = n.textValue();
        if (s.length() > maxLength) {
            throw violation("field '" + field + "' is longer than " + maxLength + " characters");
        }
        return s;
    }

    private static String nullableText(ObjectNode obj, String field) {
        JsonNode n = obj.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        return text(obj, field, Integer.MAX_VALUE);
    }

    private static long integer(ObjectNode obj, String field, long min, long max) {
        JsonNode n = obj.get(field);
        if (n == null || !n.isIntegralNumber() || !n.canConvertToLong()) {
            throw violation("field '" + field + "' must be an integer");
        }
        long v = n.longValue();
        if (v < min || v > max) {
            throw violation("field '" + field + "' is out of range");
        }
        return v;
    }

    private static long id(ObjectNode obj, String field) {
        return integer(obj, field, 1, Long.MAX_VALUE);
    }

    private static boolean bool(ObjectNode obj, String field) {
        JsonNode n = obj.get(field);
        if (n == null || !n.isBoolean()) {
            throw violation("field '" + field + "' must be a boolean");
        }
        return n.booleanValue();
    }

    private static List<String> strings(ObjectNode obj, String field, int maxItems, int maxLength) {
        JsonNode n = obj.get(field);
        if (n == null || !n.isArray()) {
            throw violation("field '" + field + "' must be an array of strings");
        }
        if (n.size() > maxItems) {
            throw violation("field '" + field + "' has more than " + maxItems + " items");
        }
        List<String> out = new ArrayList<>(n.size());
        for (JsonNode item : n) {
            if (!item.isTextual() || item.textValue().length() > maxLength) {
                throw violation("field '" + field + "' must hold strings of at most " + maxLength + " characters");
            }
            out.add(item.textValue());
        }
        return out;
    }

    private static String abbreviate(String s) {
        String clean = s.replaceAll("\\p{Cntrl}", "?");
        return clean.length() <= 40 ? clean : clean.substring(0, 40) + "...";
    }
}
