package io.securer.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ClosedChannelException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bulk pipe on a real FIFO (made with mkfifo, written by the test as R would), without R. */
class BulkPipeTest {
    @TempDir
    Path dir;

    @Test
    void readsExactlyWhatIsWrittenInOrder() throws Exception {
        Path fifo = dir.resolve("bulk.fifo");
        assertTrue(BulkPipe.create(fifo));
        try (BulkPipe pipe = BulkPipe.open(fifo);
             OutputStream r = Files.newOutputStream(fifo, StandardOpenOption.WRITE)) {
            byte[] data = new byte[300_000];
            for (int i = 0; i < data.length; i++) {
                data[i] = (byte) (i * 31);
            }
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                try {
                    r.write(data); // more than the pipe holds: the reader must keep up
                    r.flush();
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            });
            byte[] first = new byte[100_000];
            byte[] rest = new byte[200_000];
            pipe.readFully(first, first.length);
            pipe.readFully(rest, rest.length);
            writer.get(10, TimeUnit.SECONDS);
            byte[] back = new byte[data.length];
            System.arraycopy(first, 0, back, 0, first.length);
            System.arraycopy(rest, 0, back, first.length, rest.length);
            assertArrayEquals(data, back);
        }
    }

    @Test
    void closingEndsAReadThatWaits() throws Exception {
        Path fifo = dir.resolve("bulk.fifo");
        assertTrue(BulkPipe.create(fifo));
        BulkPipe pipe = BulkPipe.open(fifo);
        CompletableFuture<Throwable> read = CompletableFuture.supplyAsync(() -> {
            try {
                pipe.readFully(new byte[8], 8); // nothing is ever written
                return null;
            } catch (Throwable t) {
                return t;
            }
        });
        Thread.sleep(200);
        assertFalse(read.isDone());
        pipe.close();
        pipe.close(); // idempotent
        Throwable t = read.get(5, TimeUnit.SECONDS);
        assertTrue(t instanceof ClosedChannelException, String.valueOf(t));
    }

    @Test
    void onlyTheFifoTheHostMadeIsOpened() throws Exception {
        Path file = Files.writeString(dir.resolve("bulk.fifo"), "not a pipe");
        assertEquals(file + " is not the FIFO the host made",
                assertThrows(IOException.class, () -> BulkPipe.open(file)).getMessage());
        Path fifo = dir.resolve("real.fifo");
        assertTrue(BulkPipe.create(fifo));
        Path link = Files.createSymbolicLink(dir.resolve("link.fifo"), fifo);
        assertEquals(link + " is not the FIFO the host made",
                assertThrows(IOException.class, () -> BulkPipe.open(link)).getMessage());
        assertFalse(BulkPipe.create(fifo), "mkfifo fails on an existing path");
    }

    @Test
    void aColumnMustStartWithItsMark() {
        BulkPipe.checkMark(mark("securer\0", 7), 7);
        assertEquals("the bulk pipe is out of step: a column of operation 7 does not start with its mark",
                assertThrows(ProtocolViolationException.class, () -> BulkPipe.checkMark(mark("securer\0", 8), 7))
                        .getMessage());
        assertThrows(ProtocolViolationException.class, () -> BulkPipe.checkMark(mark("SECURER\0", 7), 7));
        assertThrows(ProtocolViolationException.class, () -> BulkPipe.checkMark(new byte[16], 7));
    }

    private static byte[] mark(String magic, double exec) {
        ByteBuffer b = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
        b.put(magic.getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putDouble(exec);
        return b.array();
    }
}
