package io.securer;

/**
 * A snapshot of a {@link SecureSessionPool}.
 *
 * @param total sessions the pool owns (including warm spares and ones being recycled)
 * @param busy  sessions leased to callers
 * @param idle  sessions ready for the next caller
 * @param dead  sessions whose child is not running (they are replaced before reuse)
 */
public record PoolStatus(int total, int busy, int idle, int dead) {
}
