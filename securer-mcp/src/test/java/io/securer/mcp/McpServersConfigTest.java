package io.securer.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The config format MCP clients use (Claude Desktop, Claude Code, Cursor), plus disabled and allowedTools. */
class McpServersConfigTest {
    @Test
    void readsStdioAndHttpServersInFileOrder() {
        List<McpServersConfig.Server> servers = McpServersConfig.parse("""
                {"mcpServers": {
                  "shop": {"command": "java", "args": ["-cp", "shop.jar", "Shop"], "env": {"SHOP_KEY": "k"}},
                  "docs": {"type": "http", "url": "https://docs.example/mcp", "headers": {"Authorization": "Bearer t"},
                           "allowedTools": ["search"]}
                }}""", "test.json");

        assertEquals(List.of(
                new McpServersConfig.Server("shop", List.of("java", "-cp", "shop.jar", "Shop"), Map.of("SHOP_KEY", "k"),
                        null, Map.of(), null),
                new McpServersConfig.Server("docs", List.of(), Map.of(), "https://docs.example/mcp",
                        Map.of("Authorization", "Bearer t"), List.of("search"))), servers);
        assertEquals(true, servers.get(0).stdio());
        assertEquals(false, servers.get(1).stdio());
    }

    @Test
    void disabledServersAreSkippedAndKeysOfOtherClientsIgnored() {
        List<McpServersConfig.Server> servers = McpServersConfig.parse("""
                {"mcpServers": {
                  "off": {"command": "x", "disabled": true},
                  "on": {"command": "y", "disabled": false, "autoApprove": ["a"], "timeout": 60}
                }}""", "test.json");

        assertEquals(List.of("on"), servers.stream().map(McpServersConfig.Server::name).toList());
    }

    @Test
    void anEmptyServerListIsAllowed() {
        assertEquals(List.of(), McpServersConfig.parse("{\"mcpServers\": {}}", "test.json"));
    }

    @Test
    void mistakesNameTheServerAndTheKey() {
        assertEquals("test.json is not valid JSON: Unexpected end-of-input: expected close marker for Object "
                + "(start marker at [Source: REDACTED (`StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION` disabled); "
                + "line: 1, column: 1])", message("{"));
        assertEquals("test.json needs an object \"mcpServers\": {\"name\": {\"command\": ...}}",
                message("{\"servers\": {}}"));
        assertEquals("MCP server 'a' needs either \"command\" or \"url\"", message(server("{}")));
        assertEquals("MCP server 'a' has both \"command\" and \"url\"; keep one",
                message(server("{\"command\": \"x\", \"url\": \"http://h/mcp\"}")));
        assertEquals("MCP server 'a': \"args\" must be an array of strings",
                message(server("{\"command\": \"x\", \"args\": \"-v\"}")));
        assertEquals("MCP server 'a': \"args\" must be an array of strings",
                message(server("{\"command\": \"x\", \"args\": [\"-v\", 2]}")));
        assertEquals("MCP server 'a': \"env\" must be an object of strings",
                message(server("{\"command\": \"x\", \"env\": {\"N\": 1}}")));
        assertEquals("MCP server 'a': \"command\" must be a non-blank string", message(server("{\"command\": \" \"}")));
        assertEquals("MCP server 'a': url must be http or https, got ftp://h/mcp",
                message(server("{\"url\": \"ftp://h/mcp\"}")));
        assertEquals("MCP server 'a': \"headers\" need a \"url\"",
                message(server("{\"command\": \"x\", \"headers\": {}}")));
        assertEquals("MCP server 'a': \"args\" and \"env\" need a \"command\"",
                message(server("{\"url\": \"http://h/mcp\", \"env\": {}}")));
        assertEquals("MCP server 'a': type \"sse\" is not supported (the legacy SSE transport; use the server's "
                        + "streamable HTTP endpoint); use a \"command\" (stdio) or a streamable HTTP \"url\"",
                message(server("{\"type\": \"sse\", \"url\": \"http://h/sse\"}")));
        assertEquals("MCP server 'a': \"disabled\" must be true or false",
                message(server("{\"command\": \"x\", \"disabled\": \"yes\"}")));
    }

    private static String server(String body) {
        return "{\"mcpServers\": {\"a\": " + body + "}}";
    }

    private static String message(String json) {
        return assertThrows(IllegalArgumentException.class, () -> McpServersConfig.parse(json, "test.json"))
                .getMessage();
    }
}
