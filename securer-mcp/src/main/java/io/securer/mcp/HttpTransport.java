package io.securer.mcp;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.stream.Stream;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.Wrapper;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;

/**
 * Serves the MCP SDK's streamable HTTP servlet with an embedded Tomcat on {@code 127.0.0.1} only,
 * at {@value #ENDPOINT}. A filter in front of it (1) requires {@code Authorization: Bearer <token>}
 * when a token is set and (2) reports each MCP session a client ends with {@code DELETE}, so its
 * R session is closed at once instead of when it idles out.
 *
 * <p>Owns Tomcat and its temporary base directory; {@link #close()} stops both (idempotent).
 * Thread-safe.
 */
final class HttpTransport implements AutoCloseable {
    static final String ENDPOINT = "/mcp";
    static final String SESSION_HEADER = "Mcp-Session-Id";
    // JUL keeps loggers weakly: hold them so the level sticks. Tomcat's INFO lines would only be noise.
    private static final List<java.util.logging.Logger> QUIET = Stream.of("org.apache.catalina", "org.apache.coyote",
            "org.apache.tomcat").map(java.util.logging.Logger::getLogger).toList();

    private final Tomcat tomcat;
    private final Path baseDir;
    private final int port;
    private final AtomicBoolean closed = new AtomicBoolean();

    private HttpTransport(Tomcat tomcat, Path baseDir, int port) {
        this.tomcat = tomcat;
        this.baseDir = baseDir;
        this.port = port;
    }

    /**
     * Starts serving {@code mcpServlet}.
     *
     * @param port         the loopback port, 0 for a free one
     * @param token        the bearer token every request must carry, or null for none
     * @param onSessionEnd called with the id of each MCP session a client deleted
     * @throws IllegalStateException when the port cannot be bound
     */
    static HttpTransport start(HttpServlet mcpServlet, int port, String token, Consumer<String> onSessionEnd) {
        Objects.requireNonNull(mcpServlet, "mcpServlet");
        Objects.requireNonNull(onSessionEnd, "onSessionEnd");
        QUIET.forEach(l -> l.setLevel(Level.WARNING));
        Path base;
        try {
            base = Files.createTempDirectory("securer-mcp-http-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create Tomcat's working directory", e);
        }
        Tomcat tomcat = new Tomcat();
        try {
            tomcat.setBaseDir(base.toString());
            Connector connector = new Connector("HTTP/1.1");
            connector.setPort(port);
            connector.setProperty("address", "127.0.0.1");
            tomcat.setConnector(connector);
            tomcat.getHost().setAutoDeploy(false);
            Context context = tomcat.addContext("", null);
            Wrapper wrapper = Tomcat.addServlet(context, "mcp", mcpServlet);
            wrapper.setAsyncSupported(true);
            context.addServletMappingDecoded("/*", "mcp");
            FilterDef def = new FilterDef();
            def.setFilterName("securer");
            def.setFilter(new SessionFilter(token, onSessionEnd));
            def.setAsyncSupported("true");
            context.addFilterDef(def);
            FilterMap map = new FilterMap();
            map.setFilterName("securer");
            map.addURLPattern("/*");
            context.addFilterMap(map);
            tomcat.start();
            int bound = connector.getLocalPort();
            if (bound <= 0) {
                throw new IllegalStateException("could not listen on 127.0.0.1:" + port
                        + " (is the port in use?)");
            }
            return new HttpTransport(tomcat, base, bound);
        } catch (LifecycleException | RuntimeException e) {
            HttpTransport half = new HttpTransport(tomcat, base, port);
            IllegalStateException failure = new IllegalStateException("cannot serve HTTP on 127.0.0.1:" + port + ": "
                    + e.getMessage(), e);
            try {
                half.close();
            } catch (RuntimeException closing) {
                failure.addSuppressed(closing);
            }
            throw failure;
        }
    }

    int port() {
        return port;
    }

    String url() {
        return "http://127.0.0.1:" + port + ENDPOINT;
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        IllegalStateException failure = null;
        try {
            tomcat.stop();
            tomcat.destroy();
        } catch (LifecycleException e) {
            failure = new IllegalStateException("could not stop Tomcat", e);
        }
        try (Stream<Path> files = Files.walk(baseDir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            IllegalStateException f = new IllegalStateException("could not delete " + baseDir, e);
            if (failure == null) {
                failure = f;
            } else {
                failure.addSuppressed(f);
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** The bearer-token check and the DELETE hook, in front of the MCP servlet. Thread-safe. */
    static final class SessionFilter implements Filter {
        private final byte[] expected;
        private final Consumer<String> onSessionEnd;

        SessionFilter(String token, Consumer<String> onSessionEnd) {
            this.expected = token == null ? null : ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
            this.onSessionEnd = onSessionEnd;
        }

        @Override
        public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
                throws IOException, ServletException {
            HttpServletRequest request = (HttpServletRequest) req;
            HttpServletResponse response = (HttpServletResponse) res;
            if (expected != null && !authorized(request.getHeader("Authorization"))) {
                response.setHeader("WWW-Authenticate", "Bearer");
                response.sendError(HttpServletResponse.SC_UNAUTHORIZED, "a bearer token is required");
                return;
            }
            chain.doFilter(req, res);
            String session = request.getHeader(SESSION_HEADER);
            if ("DELETE".equals(request.getMethod()) && session != null && response.getStatus() < 300) {
                onSessionEnd.accept(session);
            }
        }

        private boolean authorized(String header) {
            return header != null && MessageDigest.isEqual(expected, header.getBytes(StandardCharsets.UTF_8));
        }
    }
}
