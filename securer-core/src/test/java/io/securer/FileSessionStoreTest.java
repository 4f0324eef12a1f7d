package io.securer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileSessionStoreTest {
    @TempDir
    Path tmp;

    private static SessionSnapshot snapshot(int size, int fill) {
        byte[] payload = new byte[size];
        Arrays.fill(payload, (byte) fill);
        return TestValues.snapshot("x", payload, List.of("con"));
    }

    private static String sha256Hex(String key) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
    }

    private static List<String> listNames(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static String mode(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void saveThenLoadGivesTheSameBytesAndDeleteRemovesIt() throws Exception {
        FileSessionStore store = new FileSessionStore(tmp.resolve("s"));
        SessionSnapshot saved = snapshot(3 << 20, 7);

        store.save("chat-1", saved);
        SessionSnapshot loaded = store.load("chat-1").orElseThrow();

        assertArrayEquals(saved.toBytes(), loaded.toBytes());
        assertEquals(List.of("con"), loaded.skipped());
        store.delete("chat-1");
        assertEquals(Optional.empty(), store.load("chat-1"));
        assertEquals(List.of(), listNames(store.directory()));
    }

    @Test
    void loadOfAKeyNeverSavedIsEmptyAndDeletingItDoesNothing() {
        FileSessionStore store = new FileSessionStore(tmp.resolve("s"));

        assertEquals(Optional.empty(), store.load("nobody"));
        store.delete("nobody");
        assertEquals(Optional.empty(), store.load("nobody"));
    }

    @Test
    void saveReplacesThePreviousSnapshotOfTheKey() {
        FileSessionStore store = new FileSessionStore(tmp.resolve("s"));
        store.save("k", snapshot(10, 1));
        SessionSnapshot second = snapshot(20, 2);

        store.save("k", second);

        assertArrayEquals(second.toBytes(), store.load("k").orElseThrow().toBytes());
    }

    @Test
    void theFileNameIsTheReadablePrefixThenTheSha256OfTheKey() throws Exception {
        FileSessionStore store = new FileSessionStore(tmp.resolve("s"));

        store.save("chat-42", snapshot(1, 0));

        assertEquals(List.of("chat_42_" + sha256Hex("chat-42") + ".snapshot"), listNames(store.directory()));
        String longKey = "A".repeat(100);
        assertEquals("A".repeat(40) + "_" + sha256Hex(longKey) + ".snapshot", FileSessionStore.fileName(longKey));
        assertEquals("_" + sha256Hex("") + ".snapshot", FileSessionStore.fileName(""));
    }

    @Test
    void hostileKeysStayInsideTheDirectoryAndApartFromEachOther() throws Exception {
        Path dir = tmp.resolve("s");
        FileSessionStore store = new FileSessionStore(dir);
        List<String> keys = List.of("../../etc/passwd", "..", ".", "/etc/shadow", "a/b", "a_b", "a\\b", "a?b", "",
                " ", "nul\0byte", "line\nbreak", "x".repeat(100_000), "x".repeat(100_001), "日本語のチャット",
                "emoji 🙂", "e\u0301", "\u00e9", "-rf", ".hidden");
        Map<String, SessionSnapshot> saved = new LinkedHashMap<>();
        for (int i = 0; i < keys.size(); i++) {
            SessionSnapshot s = snapshot(100 + i, i);
            store.save(keys.get(i), s);
            saved.put(keys.get(i), s);
        }

        for (Map.Entry<String, SessionSnapshot> e : saved.entrySet()) {
            assertArrayEquals(e.getValue().toBytes(), store.load(e.getKey()).orElseThrow().toBytes(),
                    () -> "key " + e.getKey().substring(0, Math.min(20, e.getKey().length())));
        }
        List<String> names = listNames(dir);
        assertEquals(keys.size(), names.size());
        for (String name : names) {
            assertTrue(name.matches("[A-Za-z0-9_]{0,40}_[0-9a-f]{64}\\.snapshot"), name);
            assertTrue(name.length() <= 114, name);
        }
        assertEquals(List.of("s"), listNames(tmp));
        for (String key : keys) {
            store.delete(key);
        }
        assertEquals(List.of(), listNames(dir));
    }

    @Test
    void aKeyWithAnUnpairedSurrogateIsRefusedBecauseItWouldAliasAnotherKey() {
        FileSessionStore store = new FileSessionStore(tmp.resolve("s"));
        String lone = "chat\uD800";

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> store.save(lone, snapshot(1, 0)));
        assertEquals("a session store key must be well-formed Unicode (this one has an unpaired surrogate)",
                e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> store.load(lone));
        assertThrows(IllegalArgumentException.class, () -> store.delete(lone));
        store.save("chat?", snapshot(1, 0));
        assertTrue(store.load("chat?").isPresent());
    }

    @Test
    void aNullKeyOrSnapshotIsRefused() {
        FileSessionStore store = new FileSessionStore(tmp.resolve("s"));

        assertThrows(NullPointerException.class, () -> store.save(null, snapshot(1, 0)));
        assertThrows(NullPointerException.class, () -> store.save("k", null));
        assertThrows(NullPointerException.class, () -> store.load(null));
        assertThrows(NullPointerException.class, () -> store.delete(null));
    }

    @Test
    void aMissingDirectoryIsCreatedWithMode700AndFilesAreWrittenWithMode600() throws Exception {
        Path dir = tmp.resolve("a/b/snapshots");
        FileSessionStore store = new FileSessionStore(dir);

        store.save("k", snapshot(10, 1));

        assertEquals("rwx------", mode(dir));
        assertEquals(List.of(dir.resolve(FileSessionStore.fileName("k"))), Files.list(dir).toList());
        assertEquals("rw-------", mode(dir.resolve(FileSessionStore.fileName("k"))));
        store.save("k", snapshot(11, 1));
        assertEquals("rw-------", mode(dir.resolve(FileSessionStore.fileName("k"))));
    }

    @Test
    void anExistingPrivateDirectoryIsUsedAsItIs() throws Exception {
        Path dir = Files.createDirectory(tmp.resolve("s"), PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwxr-xr-x")));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));

        FileSessionStore store = new FileSessionStore(dir);
        store.save("k", snapshot(10, 1));

        assertEquals("rwxr-xr-x", mode(dir));
        assertTrue(store.load("k").isPresent());
    }

    @Test
    void aDirectoryWritableByGroupOrOthersIsRefused() throws Exception {
        for (String perms : List.of("rwxrwxrwx", "rwxrwx---", "rwx----w-")) {
            Path dir = Files.createDirectory(tmp.resolve("d-" + perms.replace('-', '_')));
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString(perms));

            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new FileSessionStore(dir));

            assertEquals("the snapshot directory " + dir + " is writable by others (mode " + perms
                    + "); use a directory only its owner can write (700)", e.getMessage());
        }
    }

    @Test
    void aDirectoryThatIsASymbolicLinkIsRefused() throws Exception {
        Path real = Files.createDirectory(tmp.resolve("real"));
        Files.setPosixFilePermissions(real, PosixFilePermissions.fromString("rwx------"));
        Path link = Files.createSymbolicLink(tmp.resolve("link"), real);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new FileSessionStore(link));

        assertEquals("the snapshot directory " + link + " is a symbolic link; give the real directory", e.getMessage());
    }

    @Test
    void aRegularFileAsTheDirectoryIsRefused() throws Exception {
        Path file = Files.writeString(tmp.resolve("f"), "x");

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new FileSessionStore(file));

        assertEquals("the snapshot directory " + file + " is not a directory", e.getMessage());
    }

    @Test
    void aNonPositiveCapIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new FileSessionStore(tmp.resolve("s"), 0));
    }

    @Test
    void aCorruptFileGivesASessionStoreExceptionNamingTheFileAndTheFault() throws Exception {
        FileSessionStore store = new FileSessionStore(tmp.resolve("s"));
        Path file = store.directory().resolve(FileSessionStore.fileName("k"));
        Files.writeString(file, "garbage, not a snapshot");

        SessionStoreException e = assertThrows(SessionStoreException.class, () -> store.load("k"));

        assertEquals("the snapshot file " + file + " is unusable: not a securer snapshot (bad magic)", e.getMessage());
    }

    @Test
    void aTruncatedFileGivesASessionStoreExceptionSayingItEndsTooEarly() throws Exception {
        FileSessionStore store = new FileSessionStore(tmp.resolve("s"));
        byte[] whole = snapshot(1000, 3).toBytes();
        Path file = store.directory().resolve(FileSessionStore.fileName("k"));
        Files.write(file, Arrays.copyOf(whole, whole.length - 10));

        SessionStoreException e = assertThrows(SessionStoreException.class, () -> store.load("k"));

        assertEquals("the snapshot file " + file + " is unusable: corrupt snapshot: entry 'x' is cut short",
                e.getMessage());
    }

    @Test
    void aSymbolicLinkInPlaceOfASnapshotFileIsNotFollowed() throws Exception {
        FileSessionStore store = new FileSessionStore(tmp.resolve("s"));
        Path elsewhere = tmp.resolve("elsewhere");
        Files.write(elsewhere, snapshot(10, 1).toBytes());
        Files.createSymbolicLink(store.directory().resolve(FileSessionStore.fileName("k")), elsewhere);

        SessionStoreException e = assertThrows(SessionStoreException.class, () -> store.load("k"));

        assertTrue(e.getMessage().startsWith("cannot read the snapshot file "
                + store.directory().resolve(FileSessionStore.fileName("k")) + ": "), e.getMessage());
    }

    @Test
    void aSnapshotLargerThanTheCapIsNotSavedAndThePreviousOneIsKept() throws Exception {
        FileSessionStore store = new FileSessionStore(tmp.resolve("s"), 1000);
        SessionSnapshot small = snapshot(100, 1);
        store.save("k", small);

        SessionStoreException content = assertThrows(SessionStoreException.class, () -> store.save("k", snapshot(1001, 2)));
        // content within the cap, but the stored form (header, names) passes it
        SessionStoreException stored = assertThrows(SessionStoreException.class, () -> store.save("k", snapshot(1000, 3)));

        assertEquals("the snapshot (1001 bytes of content) does not fit this store's limit of 1000 bytes; nothing "
                + "was saved", content.getMessage());
        assertEquals("the snapshot (1000 bytes of content) does not fit this store's limit of 1000 bytes; nothing "
                + "was saved", stored.getMessage());
        assertArrayEquals(small.toBytes(), store.load("k").orElseThrow().toBytes());
        assertEquals(List.of(FileSessionStore.fileName("k")), listNames(store.directory()));
    }

    @Test
    void aFileLargerThanTheCapIsRefusedOnLoadBeforeItIsRead() throws Exception {
        Path dir = tmp.resolve("s");
        SessionSnapshot big = snapshot(5000, 1);
        new FileSessionStore(dir).save("k", big);
        FileSessionStore capped = new FileSessionStore(dir, 1000);

        SessionStoreException e = assertThrows(SessionStoreException.class, () -> capped.load("k"));

        assertEquals("the snapshot file " + dir.resolve(FileSessionStore.fileName("k")) + " has "
                + big.toBytes().length + " bytes, more than this store's limit of 1000 bytes", e.getMessage());
    }

    @Test
    void staleTemporaryFilesAreDeletedWhenAStoreOpensAndFreshOnesAreKept() throws Exception {
        Path dir = tmp.resolve("s");
        new FileSessionStore(dir);
        Path stale = Files.writeString(dir.resolve(".tmp-123.part"), "half a snapshot");
        Files.setLastModifiedTime(stale, FileTime.from(Instant.now().minus(FileSessionStore.STALE_TEMP_AGE)
                .minusSeconds(60)));
        Path fresh = Files.writeString(dir.resolve(".tmp-456.part"), "a save under way");
        Path other = Files.writeString(dir.resolve("notes.txt"), "not ours");
        Files.setLastModifiedTime(other, FileTime.from(Instant.now().minus(FileSessionStore.STALE_TEMP_AGE)
                .minusSeconds(60)));

        new FileSessionStore(dir);

        assertFalse(Files.exists(stale));
        assertTrue(Files.exists(fresh));
        assertTrue(Files.exists(other));
    }

    @Test
    void concurrentSavesAndLoadsOfOneKeyAlwaysSeeAWholeSnapshot() throws Exception {
        FileSessionStore store = new FileSessionStore(tmp.resolve("s"));
        SessionSnapshot a = snapshot(256 << 10, 'a');
        SessionSnapshot b = snapshot(512 << 10, 'b');
        byte[] aBytes = a.toBytes();
        byte[] bBytes = b.toBytes();
        store.save("k", a);
        int writers = 3;
        int readers = 3;
        int rounds = 30;
        ExecutorService pool = Executors.newFixedThreadPool(writers + readers);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Integer>> futures = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int writer = w;
                futures.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < rounds; i++) {
                        store.save("k", (i + writer) % 2 == 0 ? a : b);
                    }
                    return rounds;
                }));
            }
            for (int r = 0; r < readers; r++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    int seen = 0;
                    for (int i = 0; i < rounds; i++) {
                        byte[] loaded = store.load("k").orElseThrow().toBytes();
                        if (!Arrays.equals(loaded, aBytes) && !Arrays.equals(loaded, bBytes)) {
                            throw new AssertionError("a load saw neither snapshot whole (" + loaded.length + " bytes)");
                        }
                        seen++;
                    }
                    return seen;
                }));
            }
            start.countDown();
            int total = 0;
            for (Future<Integer> f : futures) {
                total += f.get(60, TimeUnit.SECONDS);
            }
            assertEquals((writers + readers) * rounds, total);
        } finally {
            pool.shutdownNow();
            assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
        }
        assertEquals(List.of(FileSessionStore.fileName("k")), listNames(store.directory()));
    }

    @Test
    void concurrentSavesOfDifferentKeysKeepEachKeysOwnSnapshot() throws Exception {
        FileSessionStore store = new FileSessionStore(tmp.resolve("s"));
        int threads = 4;
        int keysPerThread = 20;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < keysPerThread; i++) {
                        store.save("chat-" + thread + "-" + i, snapshot(1000 + i, thread * 31 + i));
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : futures) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
            assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
        }
        for (int t = 0; t < threads; t++) {
            for (int i = 0; i < keysPerThread; i++) {
                assertArrayEquals(snapshot(1000 + i, t * 31 + i).toBytes(),
                        store.load("chat-" + t + "-" + i).orElseThrow().toBytes());
            }
        }
        assertEquals(threads * keysPerThread, listNames(store.directory()).size());
    }
}
