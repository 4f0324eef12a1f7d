package io.securer.mcp;

import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.securer.ExecuteOptions;
import io.securer.SecureSession;
import io.securer.SessionConfig;
import io.securer.langchain4j.RCodeTool;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The MCP tool {@code run_r_code}: runs the {@code code} argument in the R session of the calling
 * MCP session (created on its first call) with a wall-clock limit, and answers with
 * {@link CallResults}. Host functions called by that code get the MCP session id as their call
 * context, which tools converted by {@code SecurerTools} pass on as the chat memory id.
 *
 * <p>Thread-safe; does not own the sessions. Never throws for anything the code or a client sends:
 * a missing argument, a busy server and every R failure are tool results with {@code isError}.
 */
final class RunRCode {
    static final String NAME = RCodeTool.NAME;
    static final String CODE = "code";
    static final String CODE_DESCRIPTION = "R code to run. The value of the last expression is printed and returned.";
    /** The session key for a transport without session ids. */
    static final String NO_SESSION = "default";

    private final SessionRegistry<SecureSession> sessions;
    private final Duration timeout;
    private final String description;

    RunRCode(SessionRegistry<SecureSession> sessions, Duration timeout, String description) {
        this.sessions = Objects.requireNonNull(sessions, "sessions");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.description = Objects.requireNonNull(description, "description");
    }

    /**
     * The description a LangChain4j {@code run_r_code} with one session per chat would give: the
     * same promises (state kept per session, sandbox, time limit) and the list of host functions.
     */
    static String describe(SessionConfig config, Duration timeout) {
        // One short-lived session, for the description's package probe: no warm spare (this tool
        // serves no chat), so that the server answers its first request sooner.
        try (RCodeTool t = RCodeTool.builder().sessionPerMemoryId(config).sandbox(config.sandbox())
                .warmSessions(0).timeout(timeout).build()) {
            return t.description();
        }
    }

    /** The tool and its handler, for the MCP server. */
    SyncToolSpecification specification() {
        McpSchema.Tool tool = McpSchema.Tool.builder()
                .name(NAME)
                .title("Run R code")
                .description(description)
                .inputSchema(new McpSchema.JsonSchema("object",
                        Map.of(CODE, Map.of("type", "string", "description", CODE_DESCRIPTION)),
                        List.of(CODE), false, null, null))
                .build();
        return SyncToolSpecification.builder()
                .tool(tool)
                .callHandler((exchange, request) -> call(exchange.sessionId(), request.arguments()))
                .build();
    }

    /** Runs one call for {@code mcpSessionId} (null: the transport has no sessions). */
    CallToolResult call(String mcpSessionId, Map<String, Object> arguments) {
        Object code = arguments == null ? null : arguments.get(CODE);
        if (!(code instanceof String c) || c.isBlank()) {
            return CallResults.error("No R code was given: pass the R code to run as \"" + CODE + "\".");
        }
        String id = mcpSessionId == null ? NO_SESSION : mcpSessionId;
        SessionRegistry.Lease<SecureSession> lease;
        try {
            lease = sessions.acquire(id);
        } catch (RuntimeException e) {
            return CallResults.failure(e, null);
        }
        try (lease) {
            ExecuteOptions options = ExecuteOptions.builder().timeout(timeout).callContext(id).build();
            try {
                return CallResults.success(lease.session().execute(c, options), lease.notice());
            } catch (RuntimeException e) {
                return CallResults.failure(e, lease.notice());
            }
        }
    }
}
