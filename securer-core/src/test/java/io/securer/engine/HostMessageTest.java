package io.securer.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.List;
import org.junit.jupiter.api.Test;

class HostMessageTest {

    @Test
    void init() {
        HostMessage.Init init = new HostMessage.Init(List.of(
                new HostMessage.ToolSpec("add", List.of(new HostMessage.ArgSpec("a", "numeric", true),
                        new HostMessage.ArgSpec("b", "numeric", false))),
                new HostMessage.ToolSpec("nums", List.of())), new HostMessage.RuntimeOptions(true, 1000, 50,
                new HostMessage.PlotOptions("png", 800, 600, 96, 4096)));
        assertEquals("{\"type\":\"init\",\"kill_strays\":true,\"max_value_bytes\":1000,\"max_print\":50,"
                + "\"plot\":{\"format\":\"png\",\"width\":800,\"height\":600,\"res\":96,\"max_bytes\":4096},\"tools\":[{\"name\":\"add\",\"args\":["
                + "{\"name\":\"a\",\"type\":\"numeric\",\"required\":true},"
                + "{\"name\":\"b\",\"type\":\"numeric\",\"required\":false}]},"
                + "{\"name\":\"nums\",\"args\":[]}]}", init.encode());
    }

    @Test
    void initWithoutTools() {
        assertEquals("{\"type\":\"init\",\"kill_strays\":false,\"max_value_bytes\":5,\"max_print\":1,\"plot\":"
                        + "{\"format\":\"svg\",\"width\":16,\"height\":16,\"res\":72,\"max_bytes\":1024},\"tools\":[]}",
                new HostMessage.Init(List.of(), new HostMessage.RuntimeOptions(false, 5, 1,
                        new HostMessage.PlotOptions("svg", 16, 16, 72, 1024))).encode());
    }

    @Test
    void execute() {
        assertEquals("{\"type\":\"execute\",\"exec\":7,\"code\":\"x <- \\\"a\\\"\\nx\",\"fence\":\"0a1b\"}",
                new HostMessage.Execute(7, "x <- \"a\"\nx", "0a1b").encode());
    }

    @Test
    void encodedMessagesAreOneLine() {
        String line = new HostMessage.Execute(1, "a\nb\r\nc\u2028", "f").encode();
        assertEquals(-1, line.indexOf('\n'));
        assertEquals(-1, line.indexOf('\r'));
    }

    @Test
    void validate() {
        assertEquals("{\"type\":\"validate\",\"exec\":3,\"code\":\"system('ls')\"}",
                new HostMessage.Validate(3, "system('ls')").encode());
    }

    @Test
    void toolResultSuccess() {
        assertEquals("{\"type\":\"tool_result\",\"exec\":2,\"call\":5,\"ok\":true,\"value\":{\"temp\":72},\"visible\":true}",
                HostMessage.ToolResult.success(2, 5, JsonNodeFactory.instance.objectNode().put("temp", 72), false).encode());
    }

    @Test
    void toolResultSuccessWithNullValue() {
        assertEquals("{\"type\":\"tool_result\",\"exec\":2,\"call\":1,\"ok\":true,\"value\":null,\"visible\":true}",
                HostMessage.ToolResult.success(2, 1, null, false).encode());
        assertEquals("{\"type\":\"tool_result\",\"exec\":2,\"call\":1,\"ok\":true,\"value\":null,\"visible\":true}",
                HostMessage.ToolResult.success(2, 1, JsonNodeFactory.instance.nullNode(), false).encode());
    }

    @Test
    void toolResultWithoutValueIsInvisible() {
        assertEquals("{\"type\":\"tool_result\",\"exec\":2,\"call\":1,\"ok\":true,\"value\":null,\"visible\":false}",
                HostMessage.ToolResult.success(2, 1, null, true).encode());
    }

    @Test
    void interruptNotice() {
        assertEquals("{\"type\":\"interrupt\",\"exec\":9}", new HostMessage.Interrupt(9).encode());
    }

    @Test
    void toolResultFailure() {
        assertEquals("{\"type\":\"tool_result\",\"exec\":2,\"call\":3,\"ok\":false,\"error\":\"tool 'add' failed: boom\"}",
                HostMessage.ToolResult.failure(2, 3, "tool 'add' failed: boom").encode());
    }
}
