package io.securer.mcp;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * The command line of {@code java -jar securer-mcp.jar}, parsed and checked. Immutable.
 *
 * @param config        the {@code mcpServers} JSON file naming upstream MCP servers, or null
 * @param httpPort      serve streamable HTTP on this loopback port (0 = a free one), or null for stdio
 * @param timeout       wall-clock limit of one {@code run_r_code} call
 * @param maxSessions   R sessions alive at once (one per MCP session)
 * @param idleTimeout   an MCP session's R session is closed after this long unused
 * @param spares        R sessions kept started and unused, so a new MCP session's first call does not wait for R
 * @param sandbox       run R in the OS sandbox
 * @param strictSandbox refuse to run when the sandbox is unavailable instead of falling back
 * @param help          print the usage and exit
 */
record ServerOptions(Path config, Integer httpPort, Duration timeout, int maxSessions, Duration idleTimeout,
                     int spares, boolean sandbox, boolean strictSandbox, boolean help) {

    static final String USAGE = """
            usage: java -jar securer-mcp.jar [options]
              An MCP server offering run_r_code: R code runs in a sandboxed R session, one per MCP session.
              Speaks MCP over stdio (stdin/stdout) unless --http is given; logs go to stderr.
            options:
              --config FILE         JSON {"mcpServers": {...}} naming MCP servers whose tools R code may call
              --http PORT           serve streamable HTTP on 127.0.0.1:PORT/mcp instead of stdio (0 = a free
                                    port; the port is printed to stderr). Set SECURER_MCP_TOKEN to require
                                    "Authorization: Bearer <token>".
              --timeout SECONDS     wall-clock limit of one run_r_code call (default 30)
              --max-sessions N      R sessions alive at once, one per MCP session (default 8)
              --idle-timeout SECS   close an MCP session's R session after this long unused (default 600)
              --spares N            R sessions started ahead for new MCP sessions (default 1; 0 = start on demand)
              --no-sandbox          run R without the OS sandbox (not recommended)
              --strict-sandbox      refuse to run R when the sandbox is unavailable (default: warn and fall back)
              --help                print this and exit""";

    ServerOptions {
        positive("--timeout", timeout);
        positive("--idle-timeout", idleTimeout);
        if (httpPort != null && (httpPort < 0 || httpPort > 65535)) {
            throw new IllegalArgumentException("--http needs a port from 0 to 65535, got " + httpPort);
        }
        if (maxSessions < 1 || maxSessions > 100) {
            throw new IllegalArgumentException("--max-sessions must be from 1 to 100, got " + maxSessions);
        }
        if (spares < 0 || spares > 4) {
            throw new IllegalArgumentException("--spares must be from 0 to 4, got " + spares);
        }
        if (strictSandbox && !sandbox) {
            throw new IllegalArgumentException("--strict-sandbox and --no-sandbox contradict each other");
        }
    }

    static ServerOptions defaults() {
        return new ServerOptions(null, null, Duration.ofSeconds(30), 8, Duration.ofMinutes(10), 1, true, false, false);
    }

    /**
     * Parses the arguments.
     *
     * @throws IllegalArgumentException with a message for the user when an argument is unknown or bad
     */
    static ServerOptions parse(String... args) {
        Objects.requireNonNull(args, "args");
        ServerOptions d = defaults();
        Path config = d.config;
        Integer http = d.httpPort;
        Duration timeout = d.timeout;
        int maxSessions = d.maxSessions;
        Duration idle = d.idleTimeout;
        int spares = d.spares;
        boolean sandbox = d.sandbox;
        boolean strict = d.strictSandbox;
        boolean help = false;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--config" -> config = Path.of(value(args, ++i, a));
                case "--http" -> http = integer(args, ++i, a);
                case "--timeout" -> timeout = Duration.ofSeconds(integer(args, ++i, a));
                case "--max-sessions" -> maxSessions = integer(args, ++i, a);
                case "--idle-timeout" -> idle = Duration.ofSeconds(integer(args, ++i, a));
                case "--spares" -> spares = integer(args, ++i, a);
                case "--no-sandbox" -> sandbox = false;
                case "--strict-sandbox" -> strict = true;
                case "--help", "-h" -> help = true;
                default -> throw new IllegalArgumentException("unknown argument '" + a + "'");
            }
        }
        return new ServerOptions(config, http, timeout, maxSessions, idle, spares, sandbox, strict, help);
    }

    private static String value(String[] args, int i, String flag) {
        if (i >= args.length || args[i].startsWith("--")) {
            throw new IllegalArgumentException(flag + " needs a value");
        }
        return args[i];
    }

    private static int integer(String[] args, int i, String flag) {
        String v = value(args, i, flag);
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + " needs a whole number, got '" + v + "'", e);
        }
    }

    private static void positive(String flag, Duration d) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(flag + " must be positive, got " + (d == null ? null : d.toSeconds()));
        }
    }
}
