package io.securer.security;

import static io.securer.security.SecurityFixtures.string;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.securer.DataFrame;
import io.securer.IpcProtocolException;
import io.securer.SecureSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The bulk pipe (docs/protocol.md §1): data-frame columns leave R through a FIFO in the session
 * directory, which the code in the sandbox can reach too. Code that writes into it, closes it, or
 * takes its connection number can only break its own transfers, and the session recovers.
 */
class BulkPipeAttackIT {
    /** The FIFO's path as R sees it: beside the runtime R was started with. */
    private static final String PIPE = "file.path(dirname(commandArgs()[match('-f', commandArgs()) + 1L]), 'bulk.fifo')";

    /** R holds a connection that writes into the pipe. */
    private static final String PIPE_OPEN = "p <- " + PIPE + "; any(vapply(getAllConnections(), function(i) { "
            + "x <- summary(getConnection(i)); identical(x$description, p) && x[['can write']] == 'yes' }, logical(1)))";

    private SecureSession s;

    @BeforeEach
    void start() {
        s = SecurityFixtures.sandboxed(); // one each: a test closes the pipe
    }

    @AfterEach
    void stop() {
        if (s != null) {
            s.close();
        }
    }

    private DataFrame frame() {
        s.execute("d <- data.frame(x = c(1.5, NA, -2), s = c('a', NA, 'é'), stringsAsFactors = FALSE)");
        return s.getDataFrame("d");
    }

    private static void assertFrame(DataFrame f) {
        assertArrayEquals(new double[] {1.5, DataFrame.NA_DOUBLE, -2}, f.doubles("x"));
        assertArrayEquals(new String[] {"a", null, "é"}, f.strings("s"));
    }

    @Test
    void rHoldsThePipeOpenForWritingAndCannotReplaceIt() {
        assertEquals("true", string(s, PIPE_OPEN));
        // the session directory is read-only in the sandbox
        assertEquals("FALSE TRUE", string(s, "p <- " + PIPE + "; paste(suppressWarnings(file.rename(p, paste0(p, '.x'))), file.exists(p))"));
        assertFrame(frame());
    }

    @Test
    void bytesWrittenIntoThePipeBreakOnlyTheNextTransferAndTheSessionRecovers() {
        s.execute("con <- file(" + PIPE + ", 'wb', raw = TRUE); writeBin(as.raw(1:10), con); close(con); d <- data.frame(x = 1)");
        IpcProtocolException e = assertThrows(IpcProtocolException.class, () -> s.getDataFrame("d"));
        assertTrue(e.getMessage().contains("the bulk pipe is out of step: a column of operation"), e.getMessage());
        assertTrue(e.sessionRestarted());
        assertFrame(frame());
    }

    /** R allows 128 connections: with none left for the pipe, columns travel on the socket. */
    @Test
    void withoutAConnectionForThePipeColumnsTravelOnTheSocket() {
        s.execute("closeAllConnections(); mine <- list(); for (i in 1:200) { f <- tryCatch(file(tempfile(), 'w'), error = function(e) NULL); "
                + "if (is.null(f)) break; mine[[i]] <- f }");
        assertEquals("false", string(s, PIPE_OPEN));
        assertFrame(frame());
        assertEquals("false", string(s, PIPE_OPEN));
        s.execute("for (f in mine) close(f)");
        assertFrame(frame());
        assertEquals("true", string(s, PIPE_OPEN));
    }

    /** Also the way in (stdin): R opens both channels again, and a file that took a number gets nothing. */
    @Test
    void closingEveryConnectionDoesNotStopTransfersNorSendThemIntoAFileThatTookTheNumber() {
        s.execute("closeAllConnections(); mine <- file('mine.bin', 'wb')");
        assertEquals("false", string(s, PIPE_OPEN));
        assertFrame(frame());
        assertEquals("true", string(s, PIPE_OPEN));
        s.assign("back", DataFrame.builder().column("x", new double[] {4, 5}).build());
        assertEquals("9", string(s, "as.character(sum(back$x))"));
        assertEquals("0", string(s, "close(mine); as.character(file.size('mine.bin'))"));
        assertFrame(frame());
    }
}
