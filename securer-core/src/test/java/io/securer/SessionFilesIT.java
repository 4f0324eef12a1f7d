package io.securer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files in and out of a sandboxed session's working directory. */
class SessionFilesIT {
    private static SecureSession s;

    @BeforeAll
    static void start() {
        RTestSupport.requireR();
        s = SecureSession.builder().sandbox(true).sandboxStrict(true).build();
        assertEquals(SandboxMode.BUBBLEWRAP, s.sandboxMode());
    }

    @AfterAll
    static void stop() {
        if (s != null) {
            s.close();
        }
    }

    @Test
    void aCsvTheUserUploadedIsReadByR() {
        s.files().write("uploads/sales.csv", "month,amount\nJan,100\nFeb,150\n".getBytes(StandardCharsets.UTF_8));
        assertEquals(250, s.execute("d <- read.csv('uploads/sales.csv'); sum(d$amount)").value().asInt());
    }

    @Test
    void aFileRWritesIsReadBackByteExact() {
        s.execute("writeBin(as.raw(0:255), 'all-bytes.bin'); write.csv(data.frame(x = 1:2), 'out.csv', row.names = FALSE)");
        byte[] expected = new byte[256];
        for (int i = 0; i < 256; i++) {
            expected[i] = (byte) i;
        }
        assertArrayEquals(expected, s.files().read("all-bytes.bin"));
        assertEquals("\"x\"\n1\n2\n", new String(s.files().read("out.csv"), StandardCharsets.UTF_8));
    }

    @Test
    void fiveMegabytesOfRandomBytesRoundTripThroughHostFiles(@TempDir Path dir) throws Exception {
        byte[] data = new byte[5 * 1024 * 1024 + 17];
        new Random(7).nextBytes(data);
        Path in = dir.resolve("in.bin");
        Files.write(in, data);
        s.files().write("blob.bin", in);
        assertEquals(data.length, s.execute("file.size('blob.bin')").value().asLong());
        Path out = dir.resolve("out.bin");
        s.files().read("blob.bin", out);
        assertArrayEquals(data, Files.readAllBytes(out));
        assertArrayEquals(data, s.files().read("blob.bin"));
    }

    @Test
    void listAndDeleteSeeOnlyTheWorkingDirectorysRegularFiles() {
        try (SecureSession fresh = SecureSession.builder().sandbox(true).sandboxStrict(true).build()) {
            assertEquals(List.of(), fresh.files().list());
            fresh.execute("dir.create('a/b', recursive = TRUE); writeLines('x', 'a/b/c.txt'); writeLines('yy', 'top.txt'); "
                    + "file.symlink('/usr/lib/R/etc/Renviron', 'link'); plot(1:3)");
            assertEquals(List.of(new SessionFile("a/b/c.txt", 2), new SessionFile("top.txt", 3)), fresh.files().list());
            fresh.files().delete("top.txt");
            assertEquals(List.of(new SessionFile("a/b/c.txt", 2)), fresh.files().list());
            assertEquals("no file 'top.txt'",
                    assertThrows(SessionFileException.class, () -> fresh.files().delete("top.txt")).getMessage());
            assertEquals("'a/b' is a directory",
                    assertThrows(SessionFileException.class, () -> fresh.files().delete("a/b")).getMessage());
        }
    }

    @Test
    void escapingPathsAreRefusedBeforeAnythingRuns() {
        for (String p : new String[] {"../etc/passwd", "/etc/passwd", "", "a/../../b", "./x"}) {
            assertThrows(IllegalArgumentException.class, () -> s.files().read(p), p);
            assertThrows(IllegalArgumentException.class, () -> s.files().write(p, new byte[1]), p);
            assertThrows(IllegalArgumentException.class, () -> s.files().delete(p), p);
        }
    }

    @Test
    void aLinkRMadeToAHostFileNeverYieldsItsContent() throws Exception {
        // A file the host can read and the sandbox cannot see: the child links to its path.
        Path secret = Files.createTempFile("securer-secret", ".txt");
        try {
            Files.writeString(secret, "host secret");
            s.execute("file.symlink('" + secret + "', 'stolen.txt'); dir.create('d'); "
                    + "file.symlink('/usr/lib/R/etc', 'd/etc')");
            assertEquals("'stolen.txt' is or passes through a symbolic link, which securer does not follow",
                    assertThrows(SessionFileException.class, () -> s.files().read("stolen.txt")).getMessage());
            assertEquals("'d/etc/Renviron' is or passes through a symbolic link, which securer does not follow",
                    assertThrows(SessionFileException.class, () -> s.files().read("d/etc/Renviron")).getMessage());
            // writing through the link is refused too, and the host file is untouched
            assertThrows(SessionFileException.class, () -> s.files().write("stolen.txt", "x".getBytes()));
            assertEquals("host secret", Files.readString(secret));
            assertFalse(s.files().list().stream().anyMatch(f -> f.path().startsWith("stolen") || f.path().startsWith("d/")));
        } finally {
            Files.deleteIfExists(secret);
        }
    }

    @Test
    void aFileLargerThanTheSandboxAllowsIsRefusedAndTheSessionKeepsItsVariables() {
        s.execute("kept <- 42");
        byte[] big = new byte[60 * 1024 * 1024]; // over the 50 MiB file-size limit
        SessionFileException e = assertThrows(SessionFileException.class, () -> s.files().write("big.bin", big));
        assertTrue(e.getMessage().startsWith("cannot write 'big.bin': "), e.getMessage());
        assertEquals(42, s.execute("kept").value().asInt());
        assertEquals(List.of(), s.files().list().stream().filter(f -> f.path().contains("big") || f.path().contains(".securer"))
                .toList());
        assertEquals("no file 'missing.csv'",
                assertThrows(SessionFileException.class, () -> s.files().read("missing.csv")).getMessage());
    }

    @Test
    void aPooledLeaseHasFilesToo() {
        try (SecureSessionPool pool = SecureSessionPool.builder().size(1).build();
             PooledSession lease = pool.lease()) {
            lease.files().write("in.txt", "hello".getBytes(StandardCharsets.UTF_8));
            assertEquals("hello", lease.execute("readLines('in.txt', warn = FALSE)").value().asText());
            lease.close();
            assertThrows(SessionClosedException.class, () -> lease.files().list());
        }
    }
}
