package io.securer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class SessionSnapshotTest {
    private static SessionSnapshot sample() {
        return new SessionSnapshot(List.of("con"), List.of(
                new SessionSnapshot.Entry(SessionSnapshot.Kind.OBJECT, "x", new byte[] {1, 2, 3}),
                new SessionSnapshot.Entry(SessionSnapshot.Kind.FILE, "data/é.csv", "a,b\n".getBytes(StandardCharsets.UTF_8))));
    }

    @Test
    void writtenSnapshotsReadBackWithTheSameNamesAndBytes() throws IOException {
        SessionSnapshot back = SessionSnapshot.readFrom(new ByteArrayInputStream(sample().toBytes()));
        assertEquals(List.of("con"), back.skipped());
        assertEquals(List.of("x"), back.objectNames());
        assertEquals(List.of("data/é.csv"), back.fileNames());
        assertEquals(7, back.sizeBytes());
        assertArrayEquals(new byte[] {1, 2, 3}, back.entries().get(0).data());
    }

    @Test
    void badMagicIsRefused() {
        byte[] b = sample().toBytes();
        b[0] = 'X';
        assertEquals("not a securer snapshot (bad magic)", assertThrows(SnapshotException.class,
                () -> SessionSnapshot.readFrom(new ByteArrayInputStream(b))).getMessage());
    }

    @Test
    void anotherFormatVersionIsRefused() {
        byte[] b = sample().toBytes();
        b[19] = 9;
        assertEquals("snapshot format version 9 is not supported (this library reads version 1)",
                assertThrows(SnapshotException.class, () -> SessionSnapshot.readFrom(new ByteArrayInputStream(b)))
                        .getMessage());
    }

    @Test
    void aTruncatedSnapshotSaysItEndsTooEarly() {
        byte[] b = sample().toBytes();
        byte[] cut = Arrays.copyOf(b, b.length - 2);
        assertEquals("corrupt snapshot: entry 'data/é.csv' is cut short", assertThrows(SnapshotException.class,
                () -> SessionSnapshot.readFrom(new ByteArrayInputStream(cut))).getMessage());
        byte[] header = Arrays.copyOf(b, 22);
        assertEquals("corrupt snapshot: it ends too early", assertThrows(SnapshotException.class,
                () -> SessionSnapshot.readFrom(new ByteArrayInputStream(header))).getMessage());
    }

    @Test
    void trailingBytesAreRefused() {
        byte[] b = Arrays.copyOf(sample().toBytes(), sample().toBytes().length + 1);
        assertEquals("corrupt snapshot: data after the last entry", assertThrows(SnapshotException.class,
                () -> SessionSnapshot.readFrom(new ByteArrayInputStream(b))).getMessage());
    }

    @Test
    void contentOverTheCapIsRefused() {
        assertEquals("snapshot is larger than the limit of 6 bytes", assertThrows(SnapshotException.class,
                () -> SessionSnapshot.readFrom(new ByteArrayInputStream(sample().toBytes()), 6)).getMessage());
    }

    @Test
    void namesCountTowardTheCapSoAFloodOfNamesIsRefused() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DataOutputStream d = new DataOutputStream(out);
        d.write("SECURER-SNAPSHOT".getBytes(StandardCharsets.US_ASCII));
        d.writeInt(1);
        d.writeInt(1000);
        byte[] name = "n".repeat(4096).getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < 1000; i++) {
            d.writeInt(name.length);
            d.write(name);
        }
        d.writeInt(0);
        assertEquals("snapshot is larger than the limit of 100000 bytes", assertThrows(SnapshotException.class,
                () -> SessionSnapshot.readFrom(new ByteArrayInputStream(out.toByteArray()), 100_000)).getMessage());
    }

    @Test
    void absurdCountsAndLengthsAreRefusedBeforeAllocating() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DataOutputStream d = new DataOutputStream(out);
        d.write("SECURER-SNAPSHOT".getBytes(StandardCharsets.US_ASCII));
        d.writeInt(1);
        d.writeInt(-1);
        assertEquals("corrupt snapshot: -1 skipped names", assertThrows(SnapshotException.class,
                () -> SessionSnapshot.readFrom(new ByteArrayInputStream(out.toByteArray()))).getMessage());
        out.reset();
        d.write("SECURER-SNAPSHOT".getBytes(StandardCharsets.US_ASCII));
        d.writeInt(1);
        d.writeInt(0);
        d.writeInt(1);
        d.writeByte(0);
        d.writeInt(1);
        d.write('x');
        d.writeLong(Long.MAX_VALUE);
        assertEquals("corrupt snapshot: entry 'x' claims 9223372036854775807 bytes", assertThrows(
                SnapshotException.class, () -> SessionSnapshot.readFrom(new ByteArrayInputStream(out.toByteArray())))
                .getMessage());
    }
}
