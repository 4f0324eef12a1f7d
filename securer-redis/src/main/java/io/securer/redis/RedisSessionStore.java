package io.securer.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SetArgs;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import io.securer.SessionSnapshot;
import io.securer.SessionStore;
import io.securer.SessionStoreException;
import io.securer.SnapshotException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Keeps snapshots in Redis (standalone or Sentinel, through Lettuce), so that several application
 * replicas sharing one Redis can serve the same chat, and snapshots of idle chats can expire.
 *
 * <p><b>Layout.</b> The snapshot of key {@code k} is one Redis string at {@code <prefix>k} (prefix
 * {@value #DEFAULT_KEY_PREFIX} unless set), holding {@link SessionSnapshot#toBytes()} as it is. A
 * save is one {@code SET} (with {@code PX} when a TTL is set, so the TTL counts from the last save):
 * readers on any replica see the previous snapshot or the new one, whole. Concurrent saves of one
 * key leave one of them. Keys must be well-formed Unicode (an unpaired surrogate has no UTF-8 form
 * and would alias another key: refused with {@link IllegalArgumentException}).
 *
 * <p><b>Size.</b> {@code maxBytes} caps a stored value (default {@value #DEFAULT_MAX_BYTES} bytes, at
 * most {@value #REDIS_MAX_VALUE_BYTES}, Redis's own limit for one value): a larger snapshot is
 * refused before anything is sent, and {@link #load} asks Redis for at most {@code maxBytes + 1}
 * bytes ({@code GETRANGE}), so a larger entry is refused without being transferred.
 *
 * <p><b>Timeouts and failures.</b> Every command, and connecting, is bounded by the command timeout
 * (default 10 s; it must cover moving {@code maxBytes} over the network). A command that times out
 * is cancelled: one still waiting for a connection is never sent; one already sent may still be
 * carried out by Redis, in order with the later commands of this store. Every failure is a {@link SessionStoreException} saying what
 * happened: Redis unreachable or not answering, a refused command (wrong type, out of memory,
 * authentication), a corrupt or oversized entry. The store checks only the container format of what
 * it loads and never deserializes R data.
 *
 * <p><b>Connections and ownership.</b> {@link #builder(String)} and {@link #builder(RedisURI)} make a
 * store that owns its Lettuce client, its resources (threads) and its one connection, and releases
 * them all in {@link #close()}. Its connection is opened at the first command, not by {@code build()}
 * (a replica can start while Redis is down; a failed connect is retried by the next command), fails
 * commands at once while disconnected, and reconnects by itself with a delay of at most 5 s. {@link
 * #builder(RedisClient, RedisURI)} uses your client: the store opens one connection with it and
 * closes that connection in {@link #close()}, never the client. {@link #builder(StatefulRedisConnection)}
 * uses your connection (made with {@link #CODEC}) and closes nothing: it stays yours, with its own
 * reconnect and disconnected behaviour. TLS and authentication come from the URI ({@code
 * rediss://user:password@host:6380/0}).
 *
 * <p><b>Thread safety:</b> thread-safe; commands of several threads share the one connection (Lettuce
 * pipelines them). {@link #close()} is idempotent; commands after it fail with {@link
 * SessionStoreException}.
 *
 * <p><b>Length:</b> over 400 lines because of its nested public {@link Builder} and this contract's
 * documentation; the store's code is about 250 lines, one job: a snapshot in and out of one Redis key.
 */
public final class RedisSessionStore implements SessionStore, AutoCloseable {
    /** Prefix of every Redis key unless {@link Builder#keyPrefix} sets another. */
    public static final String DEFAULT_KEY_PREFIX = "securer:snapshot:";
    /** Default cap of one stored snapshot: 256 MiB. */
    public static final long DEFAULT_MAX_BYTES = 256L << 20;
    /** The largest value Redis accepts unless its {@code proto-max-bulk-len} is raised: 512 MiB. */
    public static final long REDIS_MAX_VALUE_BYTES = 512L << 20;
    /** Default bound on each command and on connecting. */
    public static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofSeconds(10);
    /** The codec of the connections this store uses: UTF-8 keys, byte-array values. */
    public static final RedisCodec<String, byte[]> CODEC = RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);
    private static final Duration MAX_RECONNECT_DELAY = Duration.ofSeconds(5);
    private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(2);

    private final String prefix;
    private final Duration ttl;
    private final long maxBytes;
    private final Duration timeout;
    /** "Redis at host:port" or "Redis": for messages, never with credentials. */
    private final String where;
    /** Opens a connection; null when the store was given one. */
    private final Supplier<CompletableFuture<StatefulRedisConnection<String, byte[]>>> connector;
    private final boolean ownsConnection;
    private final RedisClient ownedClient;
    private final ClientResources ownedResources;
    private final Object lock = new Object();
    /** The connection, or its opening; replaced when an opening failed. Guarded by {@link #lock}. */
    private CompletableFuture<StatefulRedisConnection<String, byte[]>> connection;
    /** Guarded by {@link #lock}. */
    private boolean closed;

    private RedisSessionStore(Builder b) {
        this.prefix = b.keyPrefix;
        this.ttl = b.ttl;
        this.maxBytes = b.maxBytes;
        this.timeout = b.commandTimeout;
        if (b.connection != null) {
            this.where = "Redis";
            this.connector = null;
            this.ownsConnection = false;
            this.ownedClient = null;
            this.ownedResources = null;
            this.connection = CompletableFuture.completedFuture(b.connection);
            return;
        }
        RedisURI uri = b.uriText == null ? b.uri : RedisURI.create(b.uriText);
        if (b.uriText != null) {
            // parsed here, so ours to change: the command timeout also bounds the handshake
            uri.setTimeout(timeout);
        }
        this.where = uri.getSocket() != null ? "Redis at " + uri.getSocket()
                : uri.getHost() != null ? "Redis at " + uri.getHost() + ":" + uri.getPort()
                : "Redis (Sentinel master " + uri.getSentinelMasterId() + ")";
        this.ownsConnection = true;
        RedisClient client = b.client;
        if (client == null) {
            this.ownedResources = ClientResources.builder()
                    .ioThreadPoolSize(1)
                    .computationThreadPoolSize(1)
                    .reconnectDelay(Delay.exponential(Duration.ofMillis(100), MAX_RECONNECT_DELAY, 2,
                            TimeUnit.MILLISECONDS))
                    .build();
            client = RedisClient.create(ownedResources);
            client.setOptions(ClientOptions.builder()
                    .autoReconnect(true)
                    .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                    .socketOptions(SocketOptions.builder().connectTimeout(timeout).keepAlive(true).build())
                    .build());
            this.ownedClient = client;
        } else {
            this.ownedResources = null;
            this.ownedClient = null;
        }
        RedisClient connectWith = client;
        RedisURI connectTo = uri;
        this.connector = () -> connectWith.connectAsync(CODEC, connectTo).toCompletableFuture();
    }

    /**
     * A store that connects to {@code redisUri} (e.g. {@code redis://localhost:6379},
     * {@code rediss://user:password@host:6380/2}) with a client it owns.
     */
    public static Builder builder(String redisUri) {
        Builder b = builder(RedisURI.create(Objects.requireNonNull(redisUri, "redisUri")));
        b.uriText = redisUri;
        return b;
    }

    /**
     * A store that connects to {@code uri} with a client it owns. The URI is used as it is (not
     * changed): its own timeout bounds Lettuce's connection handshake, while each command of the
     * store, connecting included, waits at most the store's command timeout.
     */
    public static Builder builder(RedisURI uri) {
        Builder b = new Builder();
        b.uri = Objects.requireNonNull(uri, "uri");
        return b;
    }

    /**
     * A store that opens one connection to {@code uri} with {@code client}: it closes that connection,
     * never the client, whose options (reconnecting, behaviour while disconnected) apply.
     */
    public static Builder builder(RedisClient client, RedisURI uri) {
        Builder b = builder(uri);
        b.client = Objects.requireNonNull(client, "client");
        return b;
    }

    /**
     * A store that uses {@code connection} (opened with {@link #CODEC}) and never closes it; its
     * commands still time out after the store's command timeout (the connection's own timeout is not
     * changed).
     */
    public static Builder builder(StatefulRedisConnection<String, byte[]> connection) {
        Builder b = new Builder();
        b.connection = Objects.requireNonNull(connection, "connection");
        return b;
    }

    /** The prefix of every Redis key this store uses. */
    public String keyPrefix() {
        return prefix;
    }

    /** The largest value this store writes or reads, in bytes. */
    public long maxBytes() {
        return maxBytes;
    }

    /** How long a snapshot is kept after its last save, if it expires. */
    public Optional<Duration> ttl() {
        return Optional.ofNullable(ttl);
    }

    /**
     * Stores {@code snapshot} under {@code key} (one {@code SET}, with the TTL if any).
     *
     * @throws SessionStoreException    too large (nothing is sent; the previous entry is kept), or
     *                                  Redis failed, refused or did not answer in time
     * @throws IllegalArgumentException the key is not well-formed Unicode
     */
    @Override
    public void save(String key, SessionSnapshot snapshot) {
        String redisKey = redisKey(key);
        Objects.requireNonNull(snapshot, "snapshot");
        if (snapshot.sizeBytes() > maxBytes) {
            throw tooLargeToSave(key, snapshot);
        }
        byte[] value = snapshot.toBytes();
        if (value.length > maxBytes) {
            throw tooLargeToSave(key, snapshot);
        }
        StatefulRedisConnection<String, byte[]> c = connection();
        RedisFuture<String> set = ttl == null ? c.async().set(redisKey, value)
                : c.async().set(redisKey, value, SetArgs.Builder.px(ttl.toMillis()));
        String reply = await(set, "SET", redisKey);
        if (!"OK".equals(reply)) {
            throw new SessionStoreException(where + " answered " + reply + " to SET of key '" + redisKey + "'");
        }
    }

    /**
     * The snapshot stored under {@code key}, or empty when there is none (never saved, deleted, or
     * expired).
     *
     * @throws SessionStoreException    the entry is larger than the cap (not transferred), is not a
     *                                  usable snapshot, or Redis failed, refused or did not answer in
     *                                  time
     * @throws IllegalArgumentException the key is not well-formed Unicode
     */
    @Override
    public Optional<SessionSnapshot> load(String key) {
        String redisKey = redisKey(key);
        StatefulRedisConnection<String, byte[]> c = connection();
        byte[] value = await(c.async().getrange(redisKey, 0, maxBytes), "GETRANGE", redisKey);
        if (value.length > maxBytes) {
            throw new SessionStoreException("the entry at Redis key '" + redisKey + "' is larger than this store's "
                    + "limit of " + maxBytes + " bytes; it was not loaded");
        }
        if (value.length == 0) {
            // GETRANGE answers "" both for a missing key and for an empty string
            Long exists = await(c.async().exists(redisKey), "EXISTS", redisKey);
            if (exists == null || exists == 0) {
                return Optional.empty();
            }
        }
        try {
            return Optional.of(SessionSnapshot.readFrom(new ByteArrayInputStream(value), maxBytes));
        } catch (SnapshotException e) {
            throw new SessionStoreException("the entry at Redis key '" + redisKey + "' is not a usable snapshot: "
                    + e.getMessage(), e);
        } catch (IOException e) {
            throw new AssertionError("reading an array does not fail", e);
        }
    }

    /**
     * Removes the snapshot under {@code key}; nothing happens if there is none.
     *
     * @throws SessionStoreException    Redis failed, refused or did not answer in time
     * @throws IllegalArgumentException the key is not well-formed Unicode
     */
    @Override
    public void delete(String key) {
        String redisKey = redisKey(key);
        await(connection().async().del(redisKey), "DEL", redisKey);
    }

    /**
     * Closes what this store opened: its connection, and its client and resources when it made them.
     * Never closes a client or connection it was given. Idempotent.
     */
    @Override
    public void close() {
        CompletableFuture<StatefulRedisConnection<String, byte[]>> open;
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            open = connection;
            connection = null;
        }
        try {
            if (ownsConnection && open != null) {
                if (open.isDone()) {
                    if (!open.isCompletedExceptionally()) {
                        open.join().close();
                    }
                } else {
                    // still connecting: close it when it is there
                    open.thenAccept(StatefulRedisConnection::closeAsync);
                }
            }
        } finally {
            if (ownedClient != null) {
                ownedClient.shutdown(Duration.ZERO, SHUTDOWN_TIMEOUT);
            }
            if (ownedResources != null) {
                ownedResources.shutdown(0, SHUTDOWN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                        .awaitUninterruptibly(SHUTDOWN_TIMEOUT.toMillis() * 2);
            }
        }
    }

    @Override
    public String toString() {
        return "RedisSessionStore[" + where + ", prefix " + prefix + ", max " + maxBytes + " bytes"
                + (ttl == null ? "" : ", ttl " + ttl) + ", timeout " + timeout + "]";
    }

    private String redisKey(String key) {
        return prefix + requireWellFormed(Objects.requireNonNull(key, "key"), "a session store key");
    }

    private static String requireWellFormed(String s, String what) {
        try {
            StandardCharsets.UTF_8.newEncoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .encode(CharBuffer.wrap(s));
            return s;
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException(what + " must be well-formed Unicode (this one has an unpaired "
                    + "surrogate)", e);
        }
    }

    private SessionStoreException tooLargeToSave(String key, SessionSnapshot snapshot) {
        return new SessionStoreException("the snapshot for key '" + key + "' (" + snapshot.sizeBytes() + " bytes of "
                + "content) does not fit this store's limit of " + maxBytes + " bytes; nothing was saved");
    }

    /** The connection, opening it if needed; bounded by the command timeout. */
    private StatefulRedisConnection<String, byte[]> connection() {
        CompletableFuture<StatefulRedisConnection<String, byte[]>> opening;
        synchronized (lock) {
            if (closed) {
                throw new SessionStoreException("this RedisSessionStore is closed");
            }
            if (connection == null || connection.isCompletedExceptionally()) {
                connection = connector.get();
            }
            opening = connection;
        }
        try {
            return opening.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            // not cancelled: other callers share this opening, and Lettuce's connect timeout ends it
            throw new SessionStoreException("could not connect to " + where + " within " + timeout.toMillis() + " ms",
                    e);
        } catch (ExecutionException e) {
            throw new SessionStoreException("cannot connect to " + where + ": " + causes(e.getCause()), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SessionStoreException("interrupted while connecting to " + where, e);
        } catch (CancellationException e) {
            throw new SessionStoreException("this RedisSessionStore is closed", e);
        }
    }

    /** The command's reply; a command that does not answer in time is cancelled (never sent, if it was not yet). */
    private <T> T await(Future<T> command, String name, String redisKey) {
        try {
            return command.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            command.cancel(true);
            throw new SessionStoreException(where + " did not answer " + name + " of key '" + redisKey + "' within "
                    + timeout.toMillis() + " ms", e);
        } catch (ExecutionException e) {
            throw new SessionStoreException(name + " of key '" + redisKey + "' failed: " + where + ": "
                    + causes(e.getCause()), e.getCause());
        } catch (InterruptedException e) {
            command.cancel(true);
            Thread.currentThread().interrupt();
            throw new SessionStoreException("interrupted while waiting for " + where + " (" + name + " of key '"
                    + redisKey + "')", e);
        } catch (CancellationException e) {
            throw new SessionStoreException(name + " of key '" + redisKey + "' was cancelled (the connection was "
                    + "closed)", e);
        }
    }

    /** The message of {@code t}, and of its root cause when that adds something ("Unable to connect...: WRONGPASS..."). */
    private static String causes(Throwable t) {
        Throwable root = t;
        for (int depth = 0; root.getCause() != null && root.getCause() != root && depth < 20; depth++) {
            root = root.getCause();
        }
        String top = messageOf(t);
        String bottom = messageOf(root);
        return root == t || top.contains(bottom) ? top : top + ": " + bottom;
    }

    private static String messageOf(Throwable t) {
        String message = t.getMessage();
        return message == null || message.isBlank() ? t.getClass().getSimpleName() : message;
    }

    /** Settings of a {@link RedisSessionStore}. Not thread-safe. */
    public static final class Builder {
        private RedisURI uri;
        /** The URI as text when the builder parsed it. */
        private String uriText;
        private RedisClient client;
        private StatefulRedisConnection<String, byte[]> connection;
        private String keyPrefix = DEFAULT_KEY_PREFIX;
        private Duration ttl;
        private long maxBytes = DEFAULT_MAX_BYTES;
        private Duration commandTimeout = DEFAULT_COMMAND_TIMEOUT;

        private Builder() {
        }

        /**
         * The prefix of every Redis key (default {@value RedisSessionStore#DEFAULT_KEY_PREFIX}). Give
         * each application sharing a Redis its own, e.g. {@code "billing-bot:snapshot:"}.
         */
        public Builder keyPrefix(String keyPrefix) {
            this.keyPrefix = requireWellFormed(Objects.requireNonNull(keyPrefix, "keyPrefix"), "the key prefix");
            return this;
        }

        /**
         * Snapshots expire this long after their last save (Redis {@code PX}, at least 1 ms); by default
         * they never expire.
         */
        public Builder ttl(Duration ttl) {
            Objects.requireNonNull(ttl, "ttl");
            if (ttl.toMillis() < 1) {
                throw new IllegalArgumentException("ttl must be at least 1 ms, was " + ttl);
            }
            this.ttl = ttl;
            return this;
        }

        /**
         * The largest stored snapshot, in bytes: {@code 1} to {@value RedisSessionStore#REDIS_MAX_VALUE_BYTES}
         * (default {@value RedisSessionStore#DEFAULT_MAX_BYTES}).
         */
        public Builder maxBytes(long maxBytes) {
            if (maxBytes < 1 || maxBytes > REDIS_MAX_VALUE_BYTES) {
                throw new IllegalArgumentException("maxBytes must be between 1 and " + REDIS_MAX_VALUE_BYTES
                        + " (Redis's limit for one value), was " + maxBytes);
            }
            this.maxBytes = maxBytes;
            return this;
        }

        /** The bound on each command and on connecting (default 10 s; at least 1 ms). */
        public Builder commandTimeout(Duration commandTimeout) {
            Objects.requireNonNull(commandTimeout, "commandTimeout");
            if (commandTimeout.toMillis() < 1) {
                throw new IllegalArgumentException("commandTimeout must be at least 1 ms, was " + commandTimeout);
            }
            this.commandTimeout = commandTimeout;
            return this;
        }

        /**
         * A new store; it does not contact Redis yet (the first command connects). Each call makes a
         * store of its own (with a client of its own when the builder was made from a URI).
         */
        public RedisSessionStore build() {
            return new RedisSessionStore(this);
        }
    }
}
