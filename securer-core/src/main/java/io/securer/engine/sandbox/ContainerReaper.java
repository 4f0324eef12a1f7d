package io.securer.engine.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes sure no securer container outlives the JVM that started it, for the cases where
 * {@code --rm} is not enough (the JVM was killed while R was busy, so R never saw its socket
 * close and the container kept running).
 *
 * <ul>
 *   <li>Every container is named {@code securer-<owner>-<random>} and labelled
 *       {@value #OWNER_LABEL}{@code =<owner>}, where the owner id is this JVM's PID namespace, pid
 *       and start time ({@link #owner()}): unique per JVM run, and checkable by another JVM.</li>
 *   <li>{@link #sweepOnce}: at the first container session of a JVM (per CLI), containers of owners
 *       that no longer run are removed, as {@code StaleSessionDirs} does for directories. Owners
 *       in another PID namespace are left alone: their liveness cannot be judged from here.</li>
 *   <li>A shutdown hook removes this JVM's containers that are still registered at exit. From then
 *       on, no container may start: a session whose busy R the hook killed would otherwise restart
 *       its child in a fresh container while the JVM exits (measured before this rule).</li>
 * </ul>
 *
 * <p>Thread-safe; all state is per JVM.
 */
final class ContainerReaper {
    /** Label naming the JVM that owns a container. */
    static final String OWNER_LABEL = "io.securer.owner";
    /** Label naming the session a container belongs to. */
    static final String SESSION_LABEL = "io.securer.session";

    private static final Logger LOG = LoggerFactory.getLogger(ContainerReaper.class);
    private static final Pattern NAME = Pattern.compile("securer-(\\d+)-(\\d+)-(\\d+)-[0-9a-f]{8}");
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String OWNER = ownerOf(pidNamespace(Path.of("/proc/self/ns/pid")), ProcessHandle.current());
    private static final Set<Path> SWEPT = ConcurrentHashMap.newKeySet();
    private static final Map<String, ContainerClient> LIVE = new ConcurrentHashMap<>();
    private static final AtomicBoolean HOOK = new AtomicBoolean();
    /** Guards {@link #exiting} together with {@link #LIVE}: no container may slip past the hook. */
    private static final Object EXIT_LOCK = new Object();
    private static boolean exiting;

    private ContainerReaper() {
    }

    /** This JVM's owner id: {@code <pid namespace inode>-<pid>-<start time in epoch ms>}. */
    static String owner() {
        return OWNER;
    }

    /** A fresh container name owned by this JVM. */
    static String newName() {
        byte[] b = new byte[4];
        RANDOM.nextBytes(b);
        return "securer-" + OWNER + "-" + HexFormat.of().formatHex(b);
    }

    static String ownerOf(long pidNamespace, ProcessHandle process) {
        return pidNamespace + "-" + process.pid() + "-" + startMillis(process).orElse(0L);
    }

    /** The inode in {@code /proc/<pid>/ns/pid} ("pid:[4026531836]"), or 0 when it cannot be read. */
    static long pidNamespace(Path link) {
        try {
            String target = Files.readSymbolicLink(link).toString();
            Matcher m = Pattern.compile("pid:\\[(\\d+)]").matcher(target);
            return m.matches() ? Long.parseLong(m.group(1)) : 0L;
        } catch (IOException | UnsupportedOperationException | NumberFormatException e) {
            return 0L;
        }
    }

    private static Optional<Long> startMillis(ProcessHandle h) {
        return h.info().startInstant().map(Instant::toEpochMilli);
    }

    /**
     * True when {@code name} is a securer container name whose owner shares {@code ourPidNamespace}
     * and is not running any more (no such pid, or the pid now belongs to a process started at
     * another time). Names of another form, or of another namespace, are never judged gone.
     *
     * @param startMillisOfPid the start time of a live pid, empty when no such process runs
     */
    static boolean ownerGone(String name, long ourPidNamespace, LongFunction<Optional<Long>> startMillisOfPid) {
        Matcher m = NAME.matcher(name);
        if (!m.matches()) {
            return false;
        }
        try {
            if (Long.parseLong(m.group(1)) != ourPidNamespace) {
                return false;
            }
            Optional<Long> started = startMillisOfPid.apply(Long.parseLong(m.group(2)));
            return started.isEmpty() || started.get() != Long.parseLong(m.group(3));
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static Optional<Long> liveStartMillis(long pid) {
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).flatMap(ContainerReaper::startMillis);
    }

    /** Runs {@link #sweep} the first time it is called for this CLI program in this JVM. */
    static void sweepOnce(ContainerClient client) {
        if (SWEPT.add(client.executable())) {
            sweep(client);
        }
    }

    /**
     * Removes every securer container whose owning JVM no longer runs; returns how many. Failures
     * are logged, not thrown: a session must not fail because someone else's leftovers could not
     * be listed.
     */
    static int sweep(ContainerClient client) {
        long ns = pidNamespace(Path.of("/proc/self/ns/pid"));
        try {
            List<String> stale = new ArrayList<>();
            for (String name : client.namesWithLabel(OWNER_LABEL)) {
                if (ownerGone(name, ns, ContainerReaper::liveStartMillis)) {
                    stale.add(name);
                }
            }
            client.remove(stale);
            if (!stale.isEmpty()) {
                LOG.info("removed {} container(s) left by JVMs that are gone: {}", stale.size(), stale);
            }
            return stale.size();
        } catch (IllegalStateException e) {
            LOG.warn("could not remove containers of JVMs that are gone: {}", e.getMessage());
            return 0;
        }
    }

    /**
     * Remembers a container this JVM is about to start, for the shutdown hook.
     *
     * @throws IllegalStateException when the JVM is exiting (the hook has run or is running)
     */
    static void register(String name, ContainerClient client) {
        if (HOOK.compareAndSet(false, true)) {
            Runtime.getRuntime().addShutdownHook(new Thread(ContainerReaper::removeAllLive, "securer-container-reaper"));
        }
        synchronized (EXIT_LOCK) {
            if (exiting) {
                throw new IllegalStateException("the JVM is exiting: no new container is started");
            }
            LIVE.put(name, client);
        }
    }

    /** Forgets a container that has been removed. */
    static void unregister(String name) {
        LIVE.remove(name);
    }

    /** The containers of this JVM that are registered and not yet removed (for tests). */
    static Set<String> live() {
        return Set.copyOf(LIVE.keySet());
    }

    private static void removeAllLive() {
        Map<ContainerClient, List<String>> byClient = new LinkedHashMap<>();
        synchronized (EXIT_LOCK) {
            exiting = true;
            LIVE.forEach((name, client) -> byClient.computeIfAbsent(client, c -> new ArrayList<>()).add(name));
        }
        byClient.forEach((client, names) -> {
            try {
                client.remove(names);
            } catch (IllegalStateException e) {
                // Logging may already be shut down; stderr is what is left at JVM exit.
                System.err.println("securer: could not remove containers at JVM exit: " + e.getMessage());
            }
        });
        LIVE.clear();
    }
}
