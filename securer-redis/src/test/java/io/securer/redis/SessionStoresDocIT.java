package io.securer.redis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.securer.FileSessionStore;
import io.securer.SessionSnapshot;
import io.securer.SessionStore;
import io.securer.TestValues;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Java blocks of docs/session-stores.md are copied from here, and run against a real redis-server. */
class SessionStoresDocIT {
    @TempDir
    Path tmp;

    private RedisServer server;
    private final SessionSnapshot snapshot = TestValues.snapshot("df", new byte[] {1, 2, 3}, List.of());

    @BeforeEach
    void startRedis() throws Exception {
        server = RedisServer.start(tmp);
    }

    @AfterEach
    void stopRedis() {
        server.stop();
    }

    @Test
    void theFileStoreOfTheDocsKeepsASnapshotUnderTheDataDirectory() {
        String dataDir = tmp.toString();
        String memoryId = "chat-1";

        SessionStore store = new FileSessionStore(Path.of(dataDir, "snapshots"), 64L << 20);
        store.save(memoryId, snapshot);

        assertArrayEquals(snapshot.toBytes(), store.load(memoryId).orElseThrow().toBytes());
        assertTrue(Path.of(dataDir, "snapshots").toFile().isDirectory());
    }

    @Test
    void theRedisStoreOfTheDocsKeepsASnapshotUnderItsPrefixWithATtl() {
        String redisUri = server.uri();
        String memoryId = "chat-1";

        RedisSessionStore store = RedisSessionStore.builder(redisUri)
                .keyPrefix("billing-bot:snapshot:")
                .ttl(Duration.ofHours(24))
                .maxBytes(64L << 20)
                .commandTimeout(Duration.ofSeconds(5))
                .build();
        store.save(memoryId, snapshot);
        Optional<SessionSnapshot> back = store.load(memoryId);
        store.close();

        assertArrayEquals(snapshot.toBytes(), back.orElseThrow().toBytes());
        assertEquals("RedisSessionStore[Redis at 127.0.0.1:" + server.port() + ", prefix billing-bot:snapshot:, max "
                + (64L << 20) + " bytes, ttl PT24H, timeout PT5S]", store.toString());
    }

    @Test
    void aStoreOnTheApplicationsOwnConnectionLeavesItOpen() {
        String redisUri = server.uri();

        RedisClient client = RedisClient.create(redisUri);
        StatefulRedisConnection<String, byte[]> connection = client.connect(RedisSessionStore.CODEC);
        RedisSessionStore store = RedisSessionStore.builder(connection).keyPrefix("billing-bot:snapshot:").build();
        store.save("chat-1", snapshot);
        store.close(); // the connection stays open: it is the application's
        byte[] raw = connection.sync().get("billing-bot:snapshot:chat-1");
        connection.close();
        client.shutdown();

        assertArrayEquals(snapshot.toBytes(), raw);
    }
}
