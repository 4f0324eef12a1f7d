package io.securer.mcp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the upstream servers from the JSON format MCP clients already use (Claude Desktop, Claude
 * Code, Cursor): {@code {"mcpServers": {"name": {"command": "...", "args": [...], "env": {...}}}}}
 * for a server started as a process speaking stdio, or {@code {"url": "...", "headers": {...}}}
 * for one reached over streamable HTTP. Two keys of our own: {@code "disabled": true} skips a
 * server (as several clients do) and {@code "allowedTools": [...]} limits which of its tools R may
 * call. Keys other clients use that mean nothing here are logged and ignored; everything else
 * wrong is an {@link IllegalArgumentException} naming the server and key. Stateless.
 */
final class McpServersConfig {
    private static final Logger LOG = LoggerFactory.getLogger(McpServersConfig.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Set<String> KNOWN = Set.of("command", "args", "env", "url", "headers", "type", "disabled",
            "allowedTools");

    /**
     * One upstream MCP server.
     *
     * @param name         the key in {@code mcpServers}
     * @param command      the program and its arguments (stdio), or empty
     * @param env          variables added to the process's environment (stdio)
     * @param url          the streamable HTTP endpoint, or null
     * @param headers      HTTP headers sent with every request (e.g. Authorization)
     * @param allowedTools the only tools R may call, or null for all
     */
    record Server(String name, List<String> command, Map<String, String> env, String url,
                  Map<String, String> headers, List<String> allowedTools) {
        Server {
            Objects.requireNonNull(name, "name");
            command = List.copyOf(command);
            env = Map.copyOf(env);
            headers = Map.copyOf(headers);
            allowedTools = allowedTools == null ? null : List.copyOf(allowedTools);
            if (command.isEmpty() == (url == null)) {
                throw new IllegalArgumentException("MCP server '" + name + "' needs either \"command\" or \"url\"");
            }
        }

        boolean stdio() {
            return url == null;
        }
    }

    private McpServersConfig() {
    }

    /** The enabled servers of the file, in file order. */
    static List<Server> read(Path file) {
        String json;
        try {
            json = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the config file " + file + ": " + e, e);
        }
        return parse(json, file.toString());
    }

    /** The enabled servers of {@code json}; {@code source} names it in messages. */
    static List<Server> parse(String json, String source) {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(source + " is not valid JSON: " + e.getOriginalMessage(), e);
        }
        JsonNode servers = root == null ? null : root.get("mcpServers");
        if (servers == null || !servers.isObject()) {
            throw new IllegalArgumentException(source + " needs an object \"mcpServers\": {\"name\": {\"command\": ...}}");
        }
        List<Server> out = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = servers.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            Server s = server(e.getKey(), e.getValue());
            if (s != null) {
                out.add(s);
            }
        }
        return List.copyOf(out);
    }

    private static Server server(String name, JsonNode node) {
        if (name.isBlank() || !node.isObject()) {
            throw new IllegalArgumentException("MCP server '" + name + "' must be a JSON object with a non-blank name");
        }
        node.fieldNames().forEachRemaining(k -> {
            if (!KNOWN.contains(k)) {
                LOG.info("MCP server '{}': ignoring \"{}\" (not used by securer-mcp)", name, k);
            }
        });
        if (node.has("disabled") && bool(name, node, "disabled")) {
            LOG.info("MCP server '{}' is disabled in the config; skipped", name);
            return null;
        }
        String type = text(name, node, "type");
        if (type != null && !Set.of("stdio", "http", "streamable-http", "streamableHttp").contains(type)) {
            throw new IllegalArgumentException("MCP server '" + name + "': type \"" + type + "\" is not supported"
                    + ("sse".equals(type) ? " (the legacy SSE transport; use the server's streamable HTTP endpoint)" : "")
                    + "; use a \"command\" (stdio) or a streamable HTTP \"url\"");
        }
        String command = text(name, node, "command");
        String url = text(name, node, "url");
        if (command != null && url != null) {
            throw new IllegalArgumentException("MCP server '" + name + "' has both \"command\" and \"url\"; keep one");
        }
        List<String> argv = new ArrayList<>();
        if (command != null) {
            argv.add(command);
            argv.addAll(strings(name, node, "args"));
        } else if (node.has("args") || node.has("env")) {
            throw new IllegalArgumentException("MCP server '" + name + "': \"args\" and \"env\" need a \"command\"");
        }
        if (url != null) {
            URI uri;
            try {
                uri = URI.create(url);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("MCP server '" + name + "': url is not a valid URI: " + url, e);
            }
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
                throw new IllegalArgumentException("MCP server '" + name + "': url must be http or https, got " + url);
            }
        } else if (node.has("headers")) {
            throw new IllegalArgumentException("MCP server '" + name + "': \"headers\" need a \"url\"");
        }
        List<String> allowed = node.has("allowedTools") ? strings(name, node, "allowedTools") : null;
        return new Server(name, argv, map(name, node, "env"), url, map(name, node, "headers"), allowed);
    }

    private static String text(String server, JsonNode node, String key) {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual() || v.textValue().isBlank()) {
            throw new IllegalArgumentException("MCP server '" + server + "': \"" + key + "\" must be a non-blank string");
        }
        return v.textValue();
    }

    private static boolean bool(String server, JsonNode node, String key) {
        JsonNode v = node.get(key);
        if (!v.isBoolean()) {
            throw new IllegalArgumentException("MCP server '" + server + "': \"" + key + "\" must be true or false");
        }
        return v.booleanValue();
    }

    private static List<String> strings(String server, JsonNode node, String key) {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        if (v.isArray()) {
            v.forEach(item -> out.add(item.isTextual() ? item.textValue() : null));
        }
        if (!v.isArray() || out.contains(null)) {
            throw new IllegalArgumentException("MCP server '" + server + "': \"" + key + "\" must be an array of strings");
        }
        return out;
    }

    private static Map<String, String> map(String server, JsonNode node, String key) {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            return Map.of();
        }
        Map<String, String> out = new LinkedHashMap<>();
        if (v.isObject()) {
            v.fields().forEachRemaining(f -> out.put(f.getKey(), f.getValue().isTextual() ? f.getValue().textValue() : null));
        }
        if (!v.isObject() || out.containsValue(null)) {
            throw new IllegalArgumentException("MCP server '" + server + "': \"" + key
                    + "\" must be an object of strings");
        }
        return out;
    }
}
