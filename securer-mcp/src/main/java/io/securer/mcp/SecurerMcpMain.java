package io.securer.mcp;

import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Duration;
import org.slf4j.LoggerFactory;

/**
 * {@code java -jar securer-mcp.jar [options]}: an MCP server offering {@code run_r_code}, over
 * stdio by default or streamable HTTP with {@code --http PORT}; {@code --help} lists the options.
 *
 * <p>Stdio discipline: the real stdout carries JSON-RPC and nothing else. Before anything can log,
 * {@code System.out} is pointed at stderr, so a stray print from any library lands there; the
 * jar's logging backend (slf4j-simple, {@code simplelogger.properties}) writes to stderr only. R's
 * own output never reaches a stream of this process: the sessions read it from pipes.
 *
 * <p>The server stops when the client closes stdin (stdio) or on SIGTERM/SIGINT (both transports),
 * closing every R session and upstream server it started. Exit status: 0 after a normal stop, 1
 * when it could not start, 2 for a bad command line.
 */
public final class SecurerMcpMain {
    /** Environment variable holding the bearer token HTTP clients must send. */
    public static final String TOKEN_ENV = "SECURER_MCP_TOKEN";

    private SecurerMcpMain() {
    }

    public static void main(String[] args) {
        PrintStream stdout = System.out;
        System.setOut(System.err);
        ServerOptions options;
        try {
            options = ServerOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("securer-mcp: " + e.getMessage());
            System.err.println(ServerOptions.USAGE);
            System.exit(2);
            return;
        }
        if (options.help()) {
            stdout.println(ServerOptions.USAGE); // asked for on a terminal: no MCP client is listening
            stdout.flush();
            System.exit(0);
            return;
        }
        System.exit(run(options, System.in, stdout, blankToNull(System.getenv(TOKEN_ENV))));
    }

    /** Runs until stdin ends (stdio) or the JVM is asked to stop; returns the exit status. */
    static int run(ServerOptions options, InputStream in, OutputStream out, String token) {
        EndOfInput input = new EndOfInput(in);
        SecurerMcpServer server;
        try {
            server = SecurerMcpServer.start(options, input, out, token);
        } catch (RuntimeException e) {
            LoggerFactory.getLogger(SecurerMcpMain.class).error("securer-mcp could not start: {}", e.getMessage(), e);
            return 1;
        }
        if (server.http() != null) {
            // the one line a launcher needs, whatever the log level; tests read it too
            System.err.println("securer-mcp: listening on " + server.http().url());
            System.err.flush();
        }
        // On SIGTERM/SIGINT the hook closes everything (waiting for a close already under way),
        // then lets the main thread go on to exit.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.close();
            } finally {
                input.end();
            }
        }, "securer-mcp-shutdown"));
        try {
            // stdio: the client closing stdin ends the session and the server. HTTP: only a signal
            // (the hook above) ends it; stdin is not read.
            boolean ended = false;
            while (!ended) {
                ended = input.await(Duration.ofMinutes(1));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        server.close();
        return 0;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
