package io.securer.security;

import static io.securer.security.SecurityFixtures.rError;
import static io.securer.security.SecurityFixtures.string;
import static io.securer.security.SecurityFixtures.strings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.securer.RExecutionException;
import io.securer.SecureSession;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Hostile R code tries to reach the host's loopback, the outside world and DNS. The sandbox has
 * its own network namespace holding only a (down) loopback interface.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NetworkAttackIT {
    private SecureSession s;

    @BeforeAll
    void start() {
        s = SecurityFixtures.sandboxed();
    }

    @AfterAll
    void stop() {
        if (s != null) {
            s.close();
        }
    }

    @Test
    void tcpToAHostLoopbackPortFailsAndTheHostAcceptsNothing() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            int port = server.getLocalPort();
            RExecutionException e = rError(s,
                    "socketConnection(host = '127.0.0.1', port = " + port + ", timeout = 2, open = 'r+b')");
            assertEquals("cannot open the connection", e.rMessage());
            // R shows the first line of the deparsed call (it wraps at 60 characters).
            String call = string(s, "deparse(quote(socketConnection(host = '127.0.0.1', port = " + port
                    + ", timeout = 2, open = 'r+b')))[1]");
            assertEquals(List.of("Error in " + call + " : ", "  cannot open the connection", "In addition: Warning message:",
                    "In " + call + " :", "  127.0.0.1:" + port + " cannot be opened"), e.console());
            // Same with the legacy socket API.
            RExecutionException legacy = rError(s, "make.socket('127.0.0.1', " + port + ")");
            assertEquals("socket not established", legacy.rMessage());
            // The R calls have returned; had anything connected, it would sit in the backlog now.
            server.setSoTimeout(200);
            assertThrows(SocketTimeoutException.class, server::accept, "the host socket must never accept a peer");
        }
    }

    /**
     * Abstract Unix sockets have no file, so no bind mount hides them: only the network namespace
     * does (the hole behind CVE-2020-15257, containerd's abstract socket). The host listens; the
     * child's connect is refused in its own namespace and the host sees nobody.
     */
    @Test
    void abstractUnixSocketsOfTheHostAreUnreachable() throws Exception {
        String name = "securer-it-" + ProcessHandle.current().pid();
        try (var server = org.newsclub.net.unix.AFUNIXServerSocket.newInstance()) {
            var got = SecurityFixtures.abstractListener(server, name);
            assertEquals(List.of("refused/111"), strings(s, SecurityFixtures.connectAbstract(name)));
            assertEquals("nobody connected", got.get(10, java.util.concurrent.TimeUnit.SECONDS));
        }
    }

    @Test
    void tcpToTheOutsideWorldFails() {
        RExecutionException e = rError(s, "socketConnection(host = '1.1.1.1', port = 53, timeout = 2)");
        assertEquals("cannot open the connection", e.rMessage());
        RExecutionException http = rError(s, "readLines(url('http://93.184.215.14/'))");
        assertEquals("cannot open the connection to 'http://93.184.215.14/'", http.rMessage());
        assertEquals(List.of("Error in readLines(url(\"http://93.184.215.14/\")) : ",
                "  cannot open the connection to 'http://93.184.215.14/'", "In addition: Warning message:",
                "In readLines(url(\"http://93.184.215.14/\")) :",
                "  URL 'http://93.184.215.14/': status was 'Couldn't connect to server'"), http.console());
    }

    @Test
    void dnsResolutionFails() {
        // nsl() resolves through the C library (UDP to the resolver): NULL means no answer.
        assertTrue(s.execute("utils::nsl('example.com')").value().isNull());
        assertTrue(s.execute("utils::nsl('localhost')").value().isNull());
        RExecutionException curl = rError(s, "curlGetHeaders('http://example.com/')");
        // libcurl error 6 is CURLE_COULDNT_RESOLVE_HOST.
        assertTrue(curl.rMessage().startsWith("libcurl error code 6:"), curl.rMessage());
        RExecutionException dl = rError(s, "download.file('https://example.com/', '/tmp/x', quiet = TRUE)");
        assertTrue(dl.rMessage().startsWith("cannot open URL 'https://example.com/'"), dl.rMessage());
    }

    @Test
    void onlyLoopbackExistsAndNoHostSocketsAreVisible() {
        assertEquals(List.of(), strings(s, "list.files('/sys/class/net')"));
        List<String> dev = strings(s, "trimws(sub(':.*', '', readLines('/proc/net/dev')[-(1:2)]))");
        assertEquals(List.of("lo"), dev);
        for (String table : List.of("tcp", "tcp6", "udp", "udp6", "raw", "raw6")) {
            List<String> rows = strings(s, "readLines('/proc/net/" + table + "')[-1]");
            assertEquals(List.of(), rows, "/proc/net/" + table + " must list no sockets of the host");
        }
        // AF_UNIX: only the two ends of the session's own IPC connection (the network namespace
        // scopes this table). The server end still names the host's session directory: a small
        // information leak (a random temp path), not a reachable socket (the file is unlinked).
        List<String> unix = strings(s, "readLines('/proc/net/unix')[-1]");
        assertEquals(2, unix.size(), unix.toString());
        assertTrue(unix.stream().filter(l -> l.endsWith("/ipc.sock")).count() == 1, unix.toString());
        assertEquals(false, s.execute("file.exists('/run/securer/ipc.sock')").value().asBoolean());
    }
}
