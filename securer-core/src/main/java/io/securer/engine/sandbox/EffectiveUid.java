package io.securer.engine.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads this process's effective uid from {@code /proc/self/status} (Java has no API for it).
 * Package-private; the planner takes it as an {@link java.util.function.IntSupplier} so tests
 * can pretend to be root or not.
 */
final class EffectiveUid {

    private static final Path STATUS = Path.of("/proc/self/status");

    private EffectiveUid() {
    }

    /** The effective uid of this JVM. */
    static int current() {
        return parse(status(), "Uid:");
    }

    /** The effective gid of this JVM. */
    static int currentGid() {
        return parse(status(), "Gid:");
    }

    private static String status() {
        try {
            return Files.readString(STATUS);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + STATUS + " to find the effective uid", e);
        }
    }

    /** Parses the {@code Uid:} line ({@code real effective saved fs}) of a status file. */
    static int parse(String status) {
        return parse(status, "Uid:");
    }

    /** The effective id from the {@code Uid:} or {@code Gid:} line of a status file. */
    static int parse(String status, String key) {
        for (String line : status.split("\n")) {
            if (line.startsWith(key)) {
                String[] ids = line.substring(key.length()).trim().split("\\s+");
                if (ids.length >= 2) {
                    return Integer.parseInt(ids[1]);
                }
            }
        }
        throw new IllegalArgumentException("no well-formed " + key + " line in /proc/self/status");
    }
}
