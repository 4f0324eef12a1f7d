package io.securer.mcp;

import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.Content;
import io.securer.ExecutionResult;
import io.securer.Plot;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Turns the outcome of one {@code run_r_code} into an MCP {@link CallToolResult}: one text content
 * (see {@link ResultText}) followed by one image content per plot, {@code isError} false; any
 * failure (R error, syntax error, timeout, no session) is a text content with {@code isError} true,
 * so the client's model sees it and can fix its code (MCP: tool errors are results, not protocol
 * errors). No {@code structuredContent}: clients that prefer it would show the model the raw
 * value instead of what R printed. Stateless.
 */
final class CallResults {
    private CallResults() {
    }

    /** A finished execution; {@code notice} (lost state) comes first when not null. */
    static CallToolResult success(ExecutionResult r, String notice) {
        String text = ResultText.restartNotice(r.sessionRestarted())
                + ResultText.success(r.output(), r.droppedOutputLines(), r.printed(), r.visible());
        List<Content> content = new ArrayList<>();
        content.add(new McpSchema.TextContent(withNotice(notice, ResultText.finish(text + plotLines(r.plots())))));
        content.addAll(plotContents(r.plots()));
        return CallToolResult.builder().content(content).isError(false).build();
    }

    /** A failed execution or a session that could not be had. */
    static CallToolResult failure(RuntimeException e, String notice) {
        return error(withNotice(notice, ResultText.failure(e)));
    }

    /** A request that could not run at all, e.g. without a {@code code} argument. */
    static CallToolResult error(String text) {
        return CallToolResult.builder().addContent(new McpSchema.TextContent(text)).isError(true).build();
    }

    /**
     * The plots an execution drew ({@link ExecutionResult#plots()}), as MCP image content (base64
     * data, the plot's MIME type: {@code image/png} by default), in drawing order.
     */
    static List<Content> plotContents(List<Plot> plots) {
        List<Content> out = new ArrayList<>(plots.size());
        for (Plot p : plots) {
            out.add(new McpSchema.ImageContent(null, Base64.getEncoder().encodeToString(p.data()), p.mimeType()));
        }
        return out;
    }

    /** One line per plot for the text, so a model that cannot see images still knows they exist. */
    static String plotLines(List<Plot> plots) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < plots.size(); i++) {
            Plot p = plots.get(i);
            sb.append("\n[plot ").append(i + 1).append(": ").append(p.mimeType()).append(' ')
                    .append(p.width()).append('x').append(p.height()).append(", attached as image content]");
        }
        return sb.toString();
    }

    private static String withNotice(String notice, String text) {
        return notice == null ? text : notice + "\n" + text;
    }
}
