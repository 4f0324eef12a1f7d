package io.securer.mcp;

import dev.langchain4j.mcp.McpToolProvider;
import dev.langchain4j.mcp.client.DefaultMcpClient;
import dev.langchain4j.mcp.client.McpClient;
import dev.langchain4j.mcp.client.transport.McpTransport;
import dev.langchain4j.mcp.client.transport.http.StreamableHttpMcpTransport;
import dev.langchain4j.mcp.client.transport.stdio.StdioMcpTransport;
import dev.langchain4j.service.tool.ToolExecutor;
import io.securer.SecurerTool;
import io.securer.langchain4j.SecurerTools;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The upstream MCP servers of the config, connected with LangChain4j's MCP client, and their
 * tools as R functions ({@link SecurerTools#from(dev.langchain4j.service.tool.ToolProvider)} over
 * one {@link McpToolProvider}). Each tool call from R runs on the host: the client sends it to the
 * server that offers the tool.
 *
 * <p>Owns the clients, and so the server processes started for {@code command} entries;
 * {@link #close()} ends them (idempotent). A server that fails to start or to answer
 * {@code initialize} fails {@link #connect} with its name, after everything already started is
 * closed. Thread-safe once connected.
 */
final class UpstreamTools implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(UpstreamTools.class);

    private final List<McpClient> clients;
    private final List<SecurerTool> tools;
    private final AtomicBoolean closed = new AtomicBoolean();

    private UpstreamTools(List<McpClient> clients, List<SecurerTool> tools) {
        this.clients = clients;
        this.tools = tools;
    }

    /** No upstream servers: R gets no host functions. */
    static UpstreamTools none() {
        return new UpstreamTools(List.of(), List.of());
    }

    /**
     * Starts or connects every server, in order, and converts their tools.
     *
     * @param callTimeout how long one tool call may take (the client gives up after it)
     * @throws IllegalStateException naming the server that could not be reached or whose tools cannot become R functions
     */
    static UpstreamTools connect(List<McpServersConfig.Server> servers, Duration callTimeout) {
        List<McpClient> clients = new ArrayList<>();
        try {
            for (McpServersConfig.Server s : servers) {
                clients.add(client(s, callTimeout));
                LOG.info("connected to MCP server '{}'", s.name());
            }
            String timedOut = timeoutMessage(callTimeout);
            McpToolProvider provider = McpToolProvider.builder()
                    .mcpClients(clients)
                    .failIfOneServerFails(true)
                    .filter((client, spec) -> allowed(servers, client.key(), spec.name()))
                    // LangChain4j answers a timed-out call with this text as if it were the result;
                    // R must get an error, not compute on the message.
                    .toolWrapper(executor -> failingOnTimeout(executor, timedOut))
                    .build();
            List<SecurerTool> tools;
            try {
                tools = withCatalogIfLarge(SecurerTools.from(provider));
            } catch (RuntimeException e) {
                throw new IllegalStateException("the tools of the configured MCP servers cannot become R functions: "
                        + e.getMessage(), e);
            }
            LOG.info("R code may call {} tool(s) of {} MCP server(s): {}", tools.size(), clients.size(),
                    tools.stream().map(SecurerTool::name).toList());
            return new UpstreamTools(List.copyOf(clients), tools);
        } catch (RuntimeException e) {
            clients.forEach(c -> closeQuietly(c, e));
            throw e;
        }
    }

    private static McpClient client(McpServersConfig.Server s, Duration callTimeout) {
        McpTransport transport = s.stdio()
                ? StdioMcpTransport.builder().command(s.command()).environment(s.env()).build()
                : StreamableHttpMcpTransport.builder().url(s.url()).customHeaders(s.headers())
                        .timeout(callTimeout).build();
        try {
            return DefaultMcpClient.builder()
                    .key(s.name())
                    .clientName("securer-mcp")
                    .transport(transport)
                    .initializationTimeout(Duration.ofSeconds(30))
                    .toolExecutionTimeout(callTimeout)
                    .toolExecutionTimeoutErrorMessage(timeoutMessage(callTimeout))
                    .build();
        } catch (RuntimeException e) {
            // The client starts the transport (a process, for stdio) before initialize; when that
            // fails, nobody else would close it.
            IllegalStateException failure = new IllegalStateException("MCP server '" + s.name() + "' ("
                    + (s.stdio() ? "command " + s.command() : s.url()) + ") could not be started or did not answer "
                    + "initialize: " + rootMessage(e), e);
            try {
                transport.close();
            } catch (IOException | RuntimeException closing) {
                failure.addSuppressed(closing);
            }
            throw failure;
        }
    }

    /**
     * Large tool sets get the catalog ({@code list_tools(pattern)}, {@code tool_help(name)}), and
     * the {@code run_r_code} description lists only names and summaries; small ones stay as they are.
     */
    static List<SecurerTool> withCatalogIfLarge(List<SecurerTool> tools) {
        return tools.size() > SecurerTools.CATALOG_THRESHOLD ? SecurerTools.withCatalog(tools) : tools;
    }

    /** {@code executor}, but the timeout text LangChain4j returns as a result becomes an exception. */
    static ToolExecutor failingOnTimeout(ToolExecutor executor, String timedOut) {
        return (request, memoryId) -> {
            String result = executor.execute(request, memoryId);
            if (timedOut.equals(result)) {
                throw new IllegalStateException(timedOut);
            }
            return result;
        };
    }

    static String timeoutMessage(Duration callTimeout) {
        return "the MCP server did not answer within " + callTimeout.toSeconds() + " s";
    }

    private static boolean allowed(List<McpServersConfig.Server> servers, String server, String tool) {
        for (McpServersConfig.Server s : servers) {
            if (s.name().equals(server)) {
                return s.allowedTools() == null || s.allowedTools().contains(tool);
            }
        }
        return false;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.toString() : t.getMessage();
    }

    private static void closeQuietly(McpClient c, Throwable into) {
        try {
            c.close();
        } catch (Exception e) {
            into.addSuppressed(e);
        }
    }

    /** The upstream tools as R functions, in config order. */
    List<SecurerTool> tools() {
        return tools;
    }

    /** Closes every client (ending the processes it started); idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        RuntimeException failure = null;
        for (McpClient c : clients) {
            try {
                c.close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = new IllegalStateException("could not close every MCP client");
                }
                failure.addSuppressed(e);
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
