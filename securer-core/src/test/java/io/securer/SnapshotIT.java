package io.securer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Snapshots taken in one sandboxed session and restored in another. */
class SnapshotIT {
    private static SecureSession sandboxed() {
        RTestSupport.requireR();
        SecureSession s = SecureSession.builder().sandbox(true).sandboxStrict(true).tool(RTestSupport.add()).build();
        assertEquals(SandboxMode.BUBBLEWRAP, s.sandboxMode());
        return s;
    }

    private static List<String> strings(SecureSession s, String code) {
        List<String> out = new java.util.ArrayList<>();
        s.execute(code).value().forEach(n -> out.add(n.asText()));
        return out;
    }

    @Test
    void valuesFunctionsClosuresFramesAndFilesMoveToAnotherSession() throws Exception {
        SessionSnapshot snap;
        try (SecureSession a = sandboxed()) {
            a.execute("x <- c(a = 1.5, b = NA); f <- function(n) n * 2; "
                    + "counter <- local({ i <- 0; function() { i <<- i + 1; i } }); counter(); counter(); "
                    + "df <- data.frame(k = letters[1:3], v = 1:3, stringsAsFactors = TRUE); "
                    + "con <- file('log.txt', 'w'); writeLines('kept', 'notes.txt'); add(1, 2)");
            snap = a.snapshot();
        }
        assertEquals(List.of("con"), snap.skipped());
        assertEquals(List.of("counter", "df", "f", "x"), snap.objectNames());
        assertEquals(List.of("log.txt", "notes.txt"), snap.fileNames());
        // the container format round-trips through a store's bytes
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        snap.writeTo(bytes);
        SessionSnapshot stored = SessionSnapshot.readFrom(new ByteArrayInputStream(bytes.toByteArray()));
        try (SecureSession b = sandboxed()) {
            b.execute("leftover <- 1");
            b.restore(stored);
            assertEquals(List.of("1.5", "NA", "8", "3", "factor", "c", "kept", "FALSE", "3"), strings(b,
                    "c(x[['a']], is.na(x[['b']]) |> ifelse('NA', '?'), f(4), counter(), class(df$k), as.character(df$k[3]), "
                            + "readLines('notes.txt'), exists('leftover'), add(1, 2))"));
        }
    }

    @Test
    void aMillionRowWorkspaceWithAModelSnapshotsAndRestoresWithDefaultLimits() {
        SessionSnapshot snap;
        try (SecureSession a = sandboxed()) {
            a.execute("set.seed(1); d <- data.frame(x = runif(1e6)); d$y <- 2 * d$x + rnorm(1e6, sd = 0.1); "
                    + "m <- lm(y ~ x, data = d); invisible(NULL)");
            snap = a.snapshot();
        }
        assertTrue(snap.sizeBytes() > 16_000_000, "size " + snap.sizeBytes());
        try (SecureSession b = sandboxed()) {
            b.restore(snap);
            assertEquals(List.of("1000000", "2"), strings(b, "c(nrow(d), round(coef(m)[['x']]))"));
        }
    }

    @Test
    void aSnapshotOverTheCapIsRefusedAndTheSessionGoesOn() {
        try (SecureSession a = SecureSession.builder().maxTransferBytes(100_000).build()) {
            a.execute("big <- runif(1e5)");
            SnapshotException e = assertThrows(SnapshotException.class, a::snapshot);
            assertEquals("the workspace is over the limit of 100000 bytes", e.getMessage());
            assertEquals(100_000, a.execute("length(big)").value().asInt());
        }
    }
}
