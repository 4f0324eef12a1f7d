package io.securer.spring.example;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * Serves {@link ScriptedModel} as an OpenAI-compatible {@code POST /v1/chat/completions} on a free
 * loopback port (the JDK's own HTTP server). Owns the server; {@link #close()} stops it.
 */
public final class ScriptedModelServer implements AutoCloseable {
    private final HttpServer server;
    private final ScriptedModel model = new ScriptedModel();

    private ScriptedModelServer(HttpServer server) {
        this.server = server;
        server.createContext("/v1/chat/completions", this::handle);
        server.start();
    }

    /** Starts a server on 127.0.0.1 and a free port. */
    public static ScriptedModelServer start() {
        try {
            return new ScriptedModelServer(HttpServer.create(
                    new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the scripted model server", e);
        }
    }

    /** The base URL to give {@code OpenAiChatModel}, e.g. {@code http://127.0.0.1:41234/v1}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!"POST".equals(exchange.getRequestMethod())) {
                send(exchange, 405, "POST only");
                return;
            }
            String body;
            try (InputStream in = exchange.getRequestBody()) {
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            String reply;
            try {
                reply = model.reply(body);
            } catch (IOException | IllegalArgumentException e) {
                send(exchange, 400, "the scripted model cannot answer this request: " + e.getMessage());
                return;
            }
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            send(exchange, 200, reply);
        }
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
