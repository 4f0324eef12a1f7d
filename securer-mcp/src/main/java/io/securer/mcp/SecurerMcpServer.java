package io.securer.mcp;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.json.schema.JsonSchemaValidator;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.DefaultServerTransportSecurityValidator;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import io.modelcontextprotocol.server.transport.StdioServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import io.securer.SecureSession;
import io.securer.SessionConfig;
import io.securer.WarmSessions;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole server: upstream MCP servers (optional), the R session configuration with their tools,
 * one R session per MCP session ({@link SessionRegistry} fed by {@link WarmSessions}), the
 * {@code run_r_code} tool, and the MCP SDK's server on stdio or on {@link HttpTransport}.
 *
 * <p>Start-up starts no R: a spare R session starts in the background when a client lists the
 * tools, and an MCP session's R session is created on its first call, so {@code initialize} and
 * {@code tools/list} are answered as soon as the JVM and the upstream servers are up.
 *
 * <p>Owns everything it started; {@link #close()} stops the MCP server, then HTTP, then every R
 * session, then the upstream servers. Idempotent and thread-safe (a shutdown hook and the main
 * thread may both call it). A failed start closes what was already started.
 */
final class SecurerMcpServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SecurerMcpServer.class);
    static final String NAME = "securer-mcp";
    static final String INSTRUCTIONS = "run_r_code runs R code in a sandboxed R session that belongs to this MCP "
            + "session: variables persist from call to call. Host functions listed in its description (tools of "
            + "other MCP servers) can be called from R, many in one program.";

    /**
     * Input validation is run_r_code's own (one string argument, with a message the model can act
     * on), so the SDK's JSON Schema validator is not used: it would load a JSON Schema library at
     * start-up (a third of a second here) to check one string. No tool declares an output schema.
     */
    static final JsonSchemaValidator NO_SCHEMA_CHECKS = (schema, content) -> JsonSchemaValidator.ValidationResponse
            .asValid(null);

    private final List<AutoCloseable> owned; // in closing order
    private final HttpTransport http;
    private final AtomicBoolean closing = new AtomicBoolean();
    private final CountDownLatch closed = new CountDownLatch(1);

    private SecurerMcpServer(List<AutoCloseable> owned, HttpTransport http) {
        this.owned = owned;
        this.http = http;
    }

    /**
     * Starts the server; for stdio it reads {@code in} and writes JSON-RPC to {@code out} only.
     *
     * @param token the bearer token HTTP requests must carry, or null (ignored for stdio)
     * @throws RuntimeException when the config is wrong, an upstream server cannot be reached or the
     *                          HTTP port cannot be bound; nothing is left running
     */
    static SecurerMcpServer start(ServerOptions o, InputStream in, OutputStream out, String token) {
        List<AutoCloseable> started = new ArrayList<>();
        try {
            UpstreamTools upstream = o.config() == null ? UpstreamTools.none()
                    : UpstreamTools.connect(McpServersConfig.read(o.config()), o.timeout());
            started.add(upstream);
            SessionConfig config = SecureSession.builder().sandbox(o.sandbox()).sandboxStrict(o.strictSandbox())
                    .sanitizeErrors(true).tools(upstream.tools()).config();
            WarmSessions spares = new WarmSessions(config, o.spares());
            // stdio serves one MCP session in the server's life: nothing is started after its session
            boolean single = o.httpPort() == null;
            started.add(0, spares);
            SessionRegistry<SecureSession> sessions = new SessionRegistry<>(single ? spares::takeLast : spares::take, o.maxSessions(),
                    o.idleTimeout(), System::nanoTime);
            started.add(0, sessions);
            ScheduledExecutorService sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "securer-mcp-idle-sweeper");
                t.setDaemon(true);
                return t;
            });
            started.add(0, sweeper::shutdownNow);
            long period = Math.max(1_000, Math.min(o.idleTimeout().toMillis() / 2, 60_000));
            sweeper.scheduleWithFixedDelay(() -> evict(sessions), period, period, TimeUnit.MILLISECONDS);

            RunRCode runRCode = new RunRCode(sessions, o.timeout(), RunRCode.describe(config, o.timeout()));
            McpJsonMapper json = new JacksonMcpJsonMapper(new ObjectMapper());
            HttpTransport http = null;
            McpSyncServer server;
            if (o.httpPort() == null) {
                server = configure(McpServer.sync(new StdioServerTransportProvider(json, in, out)), json, runRCode,
                        spares);
                started.add(0, server::close);
            } else {
                HttpServletStreamableServerTransportProvider servlet = HttpServletStreamableServerTransportProvider
                        .builder()
                        .jsonMapper(json)
                        .mcpEndpoint(HttpTransport.ENDPOINT)
                        .securityValidator(DefaultServerTransportSecurityValidator.builder()
                                .allowedHosts(List.of("127.0.0.1:*", "localhost:*"))
                                .allowedOrigins(List.of("http://127.0.0.1:*", "http://localhost:*"))
                                .build())
                        .build();
                server = configure(McpServer.sync(servlet), json, runRCode, spares);
                started.add(0, server::close);
                http = HttpTransport.start(servlet, o.httpPort(), token, sessions::end);
                started.add(0, http);
            }
            LOG.info("{} ready on {}; R sessions: {}, sandbox {}; host functions for R: {}", NAME,
                    http == null ? "stdio" : http.url(), o.maxSessions(), config.expectedSandboxMode().label(),
                    upstream.tools().size());
            return new SecurerMcpServer(List.copyOf(started), http);
        } catch (RuntimeException e) {
            closeAll(started, e);
            throw e;
        }
    }

    private static McpSyncServer configure(McpServer.SyncSpecification<?> spec, McpJsonMapper json,
                                           RunRCode runRCode, WarmSessions spares) {
        return spec.serverInfo(NAME, version())
                // A client lists tools right before it uses them: the moment to have an R session
                // ready. Started any earlier, R would compete with the JVM answering initialize.
                .addToolFilter((context, tool) -> {
                    spares.fill();
                    return true;
                })
                .instructions(INSTRUCTIONS)
                .jsonMapper(json)
                .jsonSchemaValidator(NO_SCHEMA_CHECKS)
                .validateToolInputs(false)
                .capabilities(McpSchema.ServerCapabilities.builder().tools(false).build())
                .tools(runRCode.specification())
                .build();
    }

    private static void evict(SessionRegistry<SecureSession> sessions) {
        try {
            int n = sessions.evictIdle();
            if (n > 0) {
                LOG.info("closed {} idle R session(s)", n);
            }
        } catch (RuntimeException e) {
            LOG.warn("closing idle R sessions failed: {}", e.toString());
        }
    }

    static String version() {
        String v = SecurerMcpServer.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    /** The HTTP transport, or null on stdio. */
    HttpTransport http() {
        return http;
    }

    /**
     * Stops everything. A second caller waits (up to a minute) until the first has finished: a
     * shutdown hook must not return, letting the JVM halt, while another thread is still closing.
     */
    @Override
    public void close() {
        if (!closing.compareAndSet(false, true)) {
            try {
                if (!closed.await(1, TimeUnit.MINUTES)) {
                    LOG.warn("{} is still stopping after a minute", NAME);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return;
        }
        IllegalStateException failure = new IllegalStateException("could not stop " + NAME + " cleanly");
        try {
            closeAll(owned, failure);
        } finally {
            closed.countDown();
        }
        if (failure.getSuppressed().length > 0) {
            throw failure;
        }
    }

    private static void closeAll(List<AutoCloseable> resources, Throwable into) {
        for (AutoCloseable r : resources) {
            try {
                r.close();
            } catch (Exception e) {
                into.addSuppressed(e);
            }
        }
    }
}
