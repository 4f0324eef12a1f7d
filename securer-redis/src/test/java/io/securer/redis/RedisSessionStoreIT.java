package io.securer.redis;

import io.securer.SessionStoreException;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.StatusOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import io.securer.SessionSnapshot;
import io.securer.TestValues;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link RedisSessionStore} against a real {@code redis-server} that each test starts and stops. */
class RedisSessionStoreIT {
    private static final String PREFIX = RedisSessionStore.DEFAULT_KEY_PREFIX;

    @TempDir
    java.nio.file.Path tmp;

    private RedisServer server;
    private RedisClient adminClient;
    private StatefulRedisConnection<String, byte[]> adminConnection;
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @BeforeEach
    void startRedis() throws Exception {
        server = RedisServer.start(tmp);
        adminClient = RedisClient.create(server.uri());
        adminConnection = adminClient.connect(RedisSessionStore.CODEC);
        adminConnection.setTimeout(Duration.ofSeconds(10));
    }

    @AfterEach
    void stopRedis() throws Exception {
        try {
            for (AutoCloseable c : toClose) {
                c.close();
            }
            if (adminClient != null) {
                adminClient.shutdown(Duration.ZERO, Duration.ofSeconds(2));
            }
        } finally {
            if (server != null) {
                server.stop();
            }
        }
    }

    private RedisCommands<String, byte[]> redis() {
        return adminConnection.sync();
    }

    private RedisSessionStore.Builder builder() {
        return RedisSessionStore.builder(server.uri()).commandTimeout(Duration.ofSeconds(5));
    }

    private RedisSessionStore open(RedisSessionStore.Builder builder) {
        RedisSessionStore store = builder.build();
        toClose.add(store);
        return store;
    }

    private static SessionSnapshot randomSnapshot(int size, long seed) {
        byte[] payload = new byte[size];
        new Random(seed).nextBytes(payload);
        return TestValues.snapshot("df", payload, List.of("con"));
    }

    @Test
    void aMultiMegabyteSnapshotComesBackByteForByteAndDeleteRemovesIt() {
        RedisSessionStore store = open(builder());
        SessionSnapshot saved = randomSnapshot(8 << 20, 1);

        store.save("chat-1", saved);
        SessionSnapshot loaded = store.load("chat-1").orElseThrow();

        assertArrayEquals(saved.toBytes(), loaded.toBytes());
        assertEquals(List.of("con"), loaded.skipped());
        assertArrayEquals(saved.toBytes(), redis().get(PREFIX + "chat-1"));
        assertEquals(-1L, redis().pttl(PREFIX + "chat-1"));
        store.delete("chat-1");
        assertEquals(Optional.empty(), store.load("chat-1"));
        assertEquals(0L, redis().exists(PREFIX + "chat-1"));
        store.delete("chat-1");
    }

    @Test
    void aKeyNeverSavedLoadsAsEmpty() {
        RedisSessionStore store = open(builder());

        assertEquals(Optional.empty(), store.load("nobody"));
    }

    @Test
    void twoKeysAndTwoPrefixesAreKeptApart() {
        RedisSessionStore app1 = open(builder().keyPrefix("app1:snap:"));
        RedisSessionStore app2 = open(builder().keyPrefix("app2:snap:"));
        SessionSnapshot a = randomSnapshot(1000, 1);
        SessionSnapshot b = randomSnapshot(2000, 2);
        SessionSnapshot c = randomSnapshot(3000, 3);

        app1.save("chat-a", a);
        app1.save("chat-b", b);
        app2.save("chat-a", c);
        app1.delete("chat-b");

        assertArrayEquals(a.toBytes(), app1.load("chat-a").orElseThrow().toBytes());
        assertEquals(Optional.empty(), app1.load("chat-b"));
        assertArrayEquals(c.toBytes(), app2.load("chat-a").orElseThrow().toBytes());
        assertEquals(Set.of("app1:snap:chat-a", "app2:snap:chat-a"), Set.copyOf(redis().keys("*")));
    }

    @Test
    void hostileKeysAreStoredVerbatimUnderThePrefixAndAnUnpairedSurrogateIsRefused() {
        RedisSessionStore store = open(builder());
        List<String> keys = List.of("../../etc/passwd", "a/b", "", "line\nbreak", "nul\0byte", "日本語 🙂",
                "*", "x".repeat(100_000));
        for (int i = 0; i < keys.size(); i++) {
            store.save(keys.get(i), randomSnapshot(100, i));
        }

        for (int i = 0; i < keys.size(); i++) {
            assertArrayEquals(randomSnapshot(100, i).toBytes(), store.load(keys.get(i)).orElseThrow().toBytes());
            assertEquals(1L, redis().exists(PREFIX + keys.get(i)));
        }
        assertEquals(keys.size(), redis().dbsize());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> store.save("chat\uD800", randomSnapshot(10, 0)));
        assertEquals("a session store key must be well-formed Unicode (this one has an unpaired surrogate)",
                e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> store.load("chat\uD800"));
        assertThrows(IllegalArgumentException.class, () -> store.delete("chat\uD800"));
    }

    @Test
    void withATtlAnIdleSnapshotExpiresAndASaveStartsTheTtlAgain() {
        RedisSessionStore store = open(builder().ttl(Duration.ofMillis(1500)));
        SessionSnapshot saved = randomSnapshot(1000, 1);

        store.save("chat", saved);
        long pttl = redis().pttl(PREFIX + "chat");

        assertTrue(pttl > 0 && pttl <= 1500, "PTTL " + pttl);
        assertArrayEquals(saved.toBytes(), store.load("chat").orElseThrow().toBytes());
        Poll.until(Duration.ofSeconds(10), "the snapshot expires", () -> store.load("chat").isEmpty());
        store.save("chat", saved);
        assertTrue(store.load("chat").isPresent());
        assertTrue(redis().pttl(PREFIX + "chat") > 0);
    }

    @Test
    void aCorruptEntryIsAClearFailure() {
        RedisSessionStore store = open(builder());
        redis().set(PREFIX + "garbage", "not a snapshot at all".getBytes());
        redis().set(PREFIX + "empty", new byte[0]);
        byte[] whole = randomSnapshot(1000, 1).toBytes();
        redis().set(PREFIX + "cut", Arrays.copyOf(whole, whole.length - 1));
        redis().rpush(PREFIX + "list", "x".getBytes());

        assertEquals("the entry at Redis key 'securer:snapshot:garbage' is not a usable snapshot: not a securer "
                + "snapshot (bad magic)", assertThrows(SessionStoreException.class, () -> store.load("garbage"))
                .getMessage());
        assertEquals("the entry at Redis key 'securer:snapshot:empty' is not a usable snapshot: not a securer "
                + "snapshot (bad magic)", assertThrows(SessionStoreException.class, () -> store.load("empty"))
                .getMessage());
        assertEquals("the entry at Redis key 'securer:snapshot:cut' is not a usable snapshot: corrupt snapshot: "
                + "entry 'df' is cut short", assertThrows(SessionStoreException.class, () -> store.load("cut"))
                .getMessage());
        SessionStoreException wrongType = assertThrows(SessionStoreException.class, () -> store.load("list"));
        assertTrue(wrongType.getMessage().startsWith("GETRANGE of key 'securer:snapshot:list' failed: Redis at "
                + "127.0.0.1:" + server.port() + ": WRONGTYPE"), wrongType.getMessage());
    }

    @Test
    void aSnapshotLargerThanTheCapIsRefusedBeforeAnythingIsSent() {
        RedisSessionStore store = open(builder().maxBytes(1 << 20));
        SessionSnapshot small = randomSnapshot(1000, 1);
        store.save("chat", small);

        SessionStoreException content = assertThrows(SessionStoreException.class,
                () -> store.save("chat", randomSnapshot(2 << 20, 2)));
        SessionStoreException stored = assertThrows(SessionStoreException.class,
                () -> store.save("chat", randomSnapshot(1 << 20, 3)));

        assertEquals("the snapshot for key 'chat' (2097152 bytes of content) does not fit this store's limit of "
                + "1048576 bytes; nothing was saved", content.getMessage());
        assertEquals("the snapshot for key 'chat' (1048576 bytes of content) does not fit this store's limit of "
                + "1048576 bytes; nothing was saved", stored.getMessage());
        assertArrayEquals(small.toBytes(), redis().get(PREFIX + "chat"));
    }

    @Test
    void anEntryLargerThanTheCapIsRefusedOnLoadWithoutBeingTransferred() {
        open(builder()).save("chat", randomSnapshot(8 << 20, 1));
        RedisSessionStore capped = open(builder().maxBytes(1 << 20));
        capped.load("other");
        long sentBefore = netOutputBytes();

        SessionStoreException e = assertThrows(SessionStoreException.class, () -> capped.load("chat"));

        assertEquals("the entry at Redis key 'securer:snapshot:chat' is larger than this store's limit of 1048576 "
                + "bytes; it was not loaded", e.getMessage());
        long sent = netOutputBytes() - sentBefore;
        assertTrue(sent < (1 << 20) + (64 << 10), "Redis sent " + sent + " bytes");
    }

    private long netOutputBytes() {
        String stats = new String(adminConnection.sync().info("stats").getBytes());
        return Arrays.stream(stats.split("\r\n")).filter(l -> l.startsWith("total_net_output_bytes:"))
                .mapToLong(l -> Long.parseLong(l.substring(l.indexOf(':') + 1))).findFirst().orElseThrow();
    }

    @Test
    void whileRedisIsDownCommandsFailClearlyWithinTheTimeoutAndTheStoreRecoversAfterARestart() throws Exception {
        Duration timeout = Duration.ofSeconds(2);
        RedisSessionStore store = open(builder().commandTimeout(timeout));
        SessionSnapshot snapshot = randomSnapshot(1000, 1);
        store.save("chat", snapshot);

        server.stop();
        long start = System.nanoTime();
        SessionStoreException save = assertThrows(SessionStoreException.class, () -> store.save("chat", snapshot));
        SessionStoreException load = assertThrows(SessionStoreException.class, () -> store.load("chat"));
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        String redisAt = "Redis at 127.0.0.1:" + server.port();
        assertTrue(save.getMessage().startsWith("SET of key 'securer:snapshot:chat' failed: " + redisAt + ": "),
                save.getMessage());
        assertTrue(load.getMessage().startsWith("GETRANGE of key 'securer:snapshot:chat' failed: " + redisAt + ": "),
                load.getMessage());
        assertTrue(took.compareTo(timeout.multipliedBy(2)) < 0, "two failures took " + took);

        server.startAgain();
        Poll.until(Duration.ofSeconds(20), "the store reconnects", () -> {
            try {
                store.save("chat", snapshot);
                return true;
            } catch (SessionStoreException e) {
                return false;
            }
        });
        assertArrayEquals(snapshot.toBytes(), store.load("chat").orElseThrow().toBytes());
    }

    @Test
    void aStoreBuiltWhileRedisIsDownConnectsOnceRedisIsUp() throws Exception {
        server.stop();
        RedisSessionStore store = open(builder().commandTimeout(Duration.ofSeconds(2)));

        SessionStoreException e = assertThrows(SessionStoreException.class, () -> store.load("chat"));

        assertTrue(e.getMessage().startsWith("cannot connect to Redis at 127.0.0.1:" + server.port() + ": "),
                e.getMessage());
        assertTrue(e.getMessage().endsWith(": Connection refused"), e.getMessage());
        server.startAgain();
        SessionSnapshot snapshot = randomSnapshot(1000, 1);
        store.save("chat", snapshot);
        assertArrayEquals(snapshot.toBytes(), store.load("chat").orElseThrow().toBytes());
    }

    @Test
    void aRedisThatDoesNotAnswerIsAClearFailureAfterTheCommandTimeout() throws Exception {
        Duration timeout = Duration.ofMillis(500);
        RedisSessionStore store = open(builder().commandTimeout(timeout));
        store.load("warm-up");
        RedisClient blocker = RedisClient.create(server.uri());
        try (StatefulRedisConnection<String, String> blocking = blocker.connect()) {
            RedisFuture<String> sleep = blocking.async().dispatch(CommandType.DEBUG, new StatusOutput<>(StringCodec.UTF8),
                    new CommandArgs<>(StringCodec.UTF8).add("SLEEP").add(3));
            Poll.until(Duration.ofSeconds(5), "DEBUG SLEEP holds the server", () -> !server.answersPing(100));
            long start = System.nanoTime();
            SessionStoreException e = assertThrows(SessionStoreException.class, () -> store.load("chat"));
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            assertEquals("Redis at 127.0.0.1:" + server.port() + " did not answer GETRANGE of key "
                    + "'securer:snapshot:chat' within 500 ms", e.getMessage());
            assertTrue(took.compareTo(timeout) >= 0 && took.compareTo(timeout.plusSeconds(1)) < 0, "took " + took);
            sleep.get(10, TimeUnit.SECONDS);
        } finally {
            blocker.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
        assertEquals(Optional.empty(), store.load("chat"));
    }

    @Test
    void withAGivenConnectionACommandThatTimedOutWhileDisconnectedIsNeverSentLater() throws Exception {
        RedisClient client = RedisClient.create(server.uri());
        try {
            StatefulRedisConnection<String, byte[]> connection = client.connect(RedisSessionStore.CODEC);
            RedisSessionStore store = open(RedisSessionStore.builder(connection).commandTimeout(Duration.ofMillis(500)));
            store.load("warm-up");
            server.stop();
            Poll.until(Duration.ofSeconds(10), "the client sees the connection lost", () -> !connection.isOpen());

            SessionStoreException e = assertThrows(SessionStoreException.class,
                    () -> store.save("late", randomSnapshot(100, 1)));

            assertEquals("Redis did not answer SET of key 'securer:snapshot:late' within 500 ms", e.getMessage());
            server.startAgain();
            Poll.until(Duration.ofSeconds(60), "the given connection reconnects", connection::isOpen);
            SessionSnapshot marker = randomSnapshot(100, 2);
            store.save("after", marker);
            assertEquals(Optional.empty(), store.load("late"));
            assertArrayEquals(marker.toBytes(), store.load("after").orElseThrow().toBytes());
            store.close();
            assertTrue(connection.isOpen());
            assertEquals("PONG", connection.sync().ping());
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }

    @Test
    void concurrentSavesFromSeveralThreadsEachLandWhole() throws Exception {
        RedisSessionStore store = open(builder());
        int threads = 6;
        int rounds = 20;
        List<byte[]> shared = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            shared.add(randomSnapshot(200_000, 1000 + t).toBytes());
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    go.await();
                    SessionSnapshot mine = randomSnapshot(200_000, 1000 + thread);
                    for (int i = 0; i < rounds; i++) {
                        store.save("chat-" + thread + "-" + i, randomSnapshot(10_000, thread * 100 + i));
                        store.save("shared", mine);
                        byte[] seen = store.load("shared").orElseThrow().toBytes();
                        if (shared.stream().noneMatch(s -> Arrays.equals(s, seen))) {
                            throw new AssertionError("a load of the shared key saw no whole snapshot");
                        }
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : futures) {
                f.get(120, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
            assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
        }
        for (int t = 0; t < threads; t++) {
            for (int i = 0; i < rounds; i++) {
                assertArrayEquals(randomSnapshot(10_000, t * 100 + i).toBytes(),
                        store.load("chat-" + t + "-" + i).orElseThrow().toBytes());
            }
        }
        byte[] last = store.load("shared").orElseThrow().toBytes();
        assertTrue(shared.stream().anyMatch(s -> Arrays.equals(s, last)));
        assertEquals(threads * rounds + 1, redis().dbsize());
    }

    @Test
    void closeIsIdempotentReleasesTheStoresThreadsAndLaterCommandsFail() {
        Set<Long> before = lettuceThreads();
        RedisSessionStore store = builder().build();
        store.save("chat", randomSnapshot(100, 1));

        store.close();
        store.close();

        assertEquals("this RedisSessionStore is closed",
                assertThrows(SessionStoreException.class, () -> store.load("chat")).getMessage());
        Poll.until(Duration.ofSeconds(10), "the store's Lettuce threads end", () -> before.containsAll(lettuceThreads()));
    }

    @Test
    void aStoreOnAGivenClientClosesItsConnectionButNotTheClient() {
        RedisClient client = RedisClient.create();
        try {
            RedisSessionStore store = RedisSessionStore.builder(client, RedisURI.create(server.uri())).build();
            store.save("chat", randomSnapshot(100, 1));
            store.close();

            try (StatefulRedisConnection<String, String> c = client.connect(RedisURI.create(server.uri()))) {
                assertEquals("PONG", c.sync().ping());
            }
            assertEquals(1L, redis().exists(PREFIX + "chat"));
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }

    @Test
    void theBuilderRefusesSettingsOutsideTheirRange() {
        assertThrows(IllegalArgumentException.class, () -> builder().maxBytes(0));
        assertThrows(IllegalArgumentException.class, () -> builder().maxBytes(RedisSessionStore.REDIS_MAX_VALUE_BYTES + 1));
        assertThrows(IllegalArgumentException.class, () -> builder().ttl(Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> builder().commandTimeout(Duration.ofNanos(1)));
        assertThrows(IllegalArgumentException.class, () -> builder().keyPrefix("p\uDC00"));
    }

    @Test
    void aGivenRedisUriIsUsedWithoutBeingChanged() {
        RedisURI uri = RedisURI.create(server.uri());
        Duration before = uri.getTimeout();
        RedisSessionStore store = open(RedisSessionStore.builder(uri).commandTimeout(Duration.ofSeconds(3)));

        store.save("chat", randomSnapshot(10, 1));

        assertEquals(before, uri.getTimeout());
        assertTrue(store.load("chat").isPresent());
    }

    @Test
    void aSentinelStoreNamesItsMasterAndConnectsOnlyWhenUsed() {
        try (RedisSessionStore store = RedisSessionStore.builder("redis-sentinel://127.0.0.1:1#mymaster").build()) {
            assertEquals("RedisSessionStore[Redis (Sentinel master mymaster), prefix securer:snapshot:, max "
                    + RedisSessionStore.DEFAULT_MAX_BYTES + " bytes, timeout PT10S]", store.toString());
        }
    }

    @Test
    void anAclUserLimitedToItsPrefixCanUseTheStoreButNotAnotherPrefix() {
        // the recipe of docs/session-stores.md, "One Redis, several applications"
        redis().dispatch(CommandType.ACL, new StatusOutput<>(RedisSessionStore.CODEC), new CommandArgs<>(
                RedisSessionStore.CODEC).add("SETUSER").add("billing-bot").add("on").add(">bot-password")
                .add("resetkeys").add("~billing-bot:snapshot:*").add("resetchannels").add("-@all")
                .add("+hello").add("+auth").add("+ping")
                .add("+set").add("+getrange").add("+exists").add("+del"));
        String uri = "redis://billing-bot:bot-password@127.0.0.1:" + server.port();
        RedisSessionStore own = open(RedisSessionStore.builder(uri).keyPrefix("billing-bot:snapshot:"));
        RedisSessionStore other = open(RedisSessionStore.builder(uri).keyPrefix("support-bot:snapshot:"));
        SessionSnapshot snapshot = randomSnapshot(1000, 1);

        own.save("chat", snapshot);
        SessionStoreException e = assertThrows(SessionStoreException.class, () -> other.load("chat"));

        assertArrayEquals(snapshot.toBytes(), own.load("chat").orElseThrow().toBytes());
        own.delete("chat");
        assertEquals(Optional.empty(), own.load("chat"));
        assertTrue(e.getMessage().startsWith("GETRANGE of key 'support-bot:snapshot:chat' failed: Redis at 127.0.0.1:"
                + server.port() + ": NOPERM"), e.getMessage());
    }

    @Test
    void aFullRedisWithoutEvictionRefusesASaveClearlyAndKeepsThePreviousSnapshot() {
        RedisSessionStore store = open(builder());
        SessionSnapshot first = randomSnapshot(1 << 20, 1);
        store.save("chat", first);
        String memory = new String(redis().info("memory").getBytes());
        long used = Arrays.stream(memory.split("\r\n")).filter(l -> l.startsWith("used_memory:"))
                .mapToLong(l -> Long.parseLong(l.substring(l.indexOf(':') + 1))).findFirst().orElseThrow();
        redis().configSet("maxmemory-policy", "noeviction");
        redis().configSet("maxmemory", Long.toString(used - 1024));

        SessionStoreException e = assertThrows(SessionStoreException.class,
                () -> store.save("chat", randomSnapshot(1 << 20, 2)));

        assertTrue(e.getMessage().startsWith("SET of key 'securer:snapshot:chat' failed: Redis at 127.0.0.1:"
                + server.port() + ": OOM command not allowed"), e.getMessage());
        assertArrayEquals(first.toBytes(), store.load("chat").orElseThrow().toBytes());
    }

    @Test
    void credentialsInTheUriNeverAppearInMessages() {
        RedisSessionStore store = open(RedisSessionStore.builder("redis://someone:s3cret-pw@127.0.0.1:" + server.port())
                .commandTimeout(Duration.ofSeconds(5)));

        SessionStoreException e = assertThrows(SessionStoreException.class, () -> store.load("chat"));

        assertTrue(e.getMessage().startsWith("cannot connect to Redis at 127.0.0.1:" + server.port() + ": "),
                e.getMessage());
        assertTrue(e.getMessage().endsWith(": WRONGPASS invalid username-password pair or user is disabled."),
                e.getMessage());
        assertFalse(e.getMessage().contains("s3cret-pw"), e.getMessage());
        assertFalse(store.toString().contains("s3cret-pw"), store.toString());
    }

    private static Set<Long> lettuceThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("lettuce-"))
                .map(Thread::getId).collect(Collectors.toSet());
    }
}
