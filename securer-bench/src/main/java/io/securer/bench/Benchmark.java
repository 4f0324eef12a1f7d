package io.securer.bench;

import io.securer.ArgType;
import io.securer.ExecutionResult;
import io.securer.PooledSession;
import io.securer.SecureSession;
import io.securer.SecureSessionPool;
import io.securer.SecurerTool;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * The project's benchmark: every securer figure next to the same figure for bare R or for Rserve, in one run.
 * Plain main rather than JMH because most figures are process start-ups and cross-process round
 * trips, where JMH's in-JVM harness adds nothing; percentiles come from raw samples.
 *
 * <pre>
 *   scripts/bench.sh                    # all figures, next to bare R and next to Rserve
 *   scripts/bench.sh --only=frames      # some parts: startup, latency, tools, pool, memory,
 *                                       #   firstcall, frames, snapshots
 *   scripts/bench.sh --rows=1000000     # the data-frame figures at these sizes only
 *   scripts/bench.sh --quick            # fewer samples (a smoke run; figures are rough)
 *   scripts/bench.sh --soak             # 10 000 executions with tool calls; leak check
 * </pre>
 *
 * <p>The Rserve peer is a private Rserve daemon on a free loopback port ({@link RserveServer}),
 * started first (the run fails at once, saying what to install, when Rserve is missing) and
 * stopped at the end, with every child it forked.
 *
 * <p><b>Length:</b> over 400 lines: one measurement method per figure of the bare-R table, each
 * short and independent; the Rserve figures are in {@link PeerBenchmark}.
 */
public final class Benchmark {
    private static final SecurerTool ADD = SecurerTool.builder("add").description("Add two numbers")
            .arg("a", ArgType.NUMERIC).arg("b", ArgType.NUMERIC)
            .handler(a -> a.getDouble("a") + a.getDouble("b")).build();

    private Benchmark() {
    }

    public static void main(String[] args) throws Exception {
        List<String> flags = Arrays.asList(args);
        if (flags.contains("--soak")) {
            soak(flags.contains("--sandbox"));
            return;
        }
        boolean quick = flags.contains("--quick");
        List<String> parts = parts(flags);
        boolean withRserve = parts.stream().anyMatch(PEER_PARTS::contains);
        RserveServer server = null;
        if (withRserve) {
            try {
                server = RserveServer.start();
            } catch (java.io.IOException e) {
                System.err.println("benchmark: cannot start the Rserve peer: " + e.getMessage());
                System.err.println("benchmark: install it (Debian: apt-get install r-cran-rserve, or scripts/install-prereqs.sh "
                        + "--with-rserve), or leave the Rserve figures out: --only=startup,tools,pool,memory");
                System.exit(2);
                return;
            }
        }
        try (RserveServer peer = server) {
            System.out.printf(Locale.ROOT, "securer benchmark on %d cores, Java %s, %s%s%n",
                    Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), rVersion(),
                    peer == null ? "" : ", " + peer.describe());
            System.out.printf(Locale.ROOT, "load average at start: %s%n%n", loadAverage());
            if (parts.stream().anyMatch(BARE_R_PARTS::contains)) {
                System.out.println("| figure | securer p50 | securer p99 | bare R p50 | bare R p99 | target |");
                System.out.println("|---|---|---|---|---|---|");
                if (parts.contains("startup")) {
                    startup();
                }
                if (parts.contains("latency")) {
                    executeLatency();
                }
                if (parts.contains("tools")) {
                    toolRoundTrip();
                }
                if (parts.contains("pool")) {
                    poolThroughput();
                }
                if (parts.contains("memory")) {
                    memory();
                }
                System.out.println();
            }
            if (parts.stream().anyMatch(PEER_PARTS::contains)) {
                PeerBenchmark.run(peer, quick, parts, frameSizes(flags));
                System.out.println();
            }
            if (parts.contains("frames")) {
                RserveBenchMain.inR(peer, quick);
                System.out.println();
            }
            System.out.printf(Locale.ROOT, "load average at end: %s%n", loadAverage());
        }
        if (server != null && !server.livePids().isEmpty()) {
            System.err.println("benchmark: Rserve processes survived: " + server.livePids());
            System.exit(1);
        }
    }

    private static final List<String> BARE_R_PARTS = List.of("startup", "latency", "tools", "pool", "memory");
    private static final List<String> PEER_PARTS = List.of("latency", "firstcall", "frames", "snapshots");

    /** {@code --only=a,b}: the parts to run (default all): startup, latency, tools, pool, memory, firstcall, frames, snapshots. */
    static List<String> parts(List<String> flags) {
        List<String> all = List.of("startup", "latency", "tools", "pool", "memory", "firstcall", "frames", "snapshots");
        for (String f : flags) {
            if (f.startsWith("--only=")) {
                List<String> chosen = Arrays.asList(f.substring("--only=".length()).split(","));
                for (String c : chosen) {
                    if (!all.contains(c)) {
                        throw new IllegalArgumentException("unknown part '" + c + "'; the parts are " + all);
                    }
                }
                return chosen;
            }
        }
        return all;
    }

    /** {@code --rows=1000,1000000}: the frame sizes (default 1e3, 1e4, 1e5, 1e6). */
    static int[] frameSizes(List<String> flags) {
        return flags.stream().filter(f -> f.startsWith("--rows=")).findFirst()
                .map(f -> Arrays.stream(f.substring("--rows=".length()).split(",")).mapToInt(Integer::parseInt).toArray())
                .orElse(PeerBenchmark.FRAME_SIZES);
    }

    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2] + " (1, 5, 15 min)";
        } catch (IOException e) {
            return "unknown";
        }
    }

    // ------------------------------------------------------------------------------------------

    private static void startup() throws Exception {
        int n = 20;
        double[] bare = new double[n];
        for (int i = 0; i < n + 2; i++) {
            long t0 = System.nanoTime();
            Process p = new ProcessBuilder("Rscript", "-e", "1").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            p.waitFor();
            if (i >= 2) {
                bare[i - 2] = ms(System.nanoTime() - t0);
            }
        }
        for (boolean sandbox : new boolean[] {false, true}) {
            double[] s = new double[n];
            SecureSession.builder().sandbox(sandbox).build().close(); // warm the JVM and the probes
            for (int i = 0; i < n; i++) {
                long t0 = System.nanoTime();
                SecureSession session = SecureSession.builder().sandbox(sandbox).sandboxStrict(sandbox).tool(ADD).build();
                s[i] = ms(System.nanoTime() - t0);
                session.close();
            }
            row("session start, " + (sandbox ? "sandbox (bwrap + limits)" : "no sandbox") + " vs `Rscript -e 1`",
                    s, bare, "ms", String.format(Locale.ROOT, "<= 1.3x bare (%.2fx)", p(s, 50) / p(bare, 50)));
        }
    }

    private static void executeLatency() throws Exception {
        try (SecureSession s = SecureSession.builder().sandbox(true).build()) {
            for (int i = 0; i < 2000; i++) {
                s.execute("1+1");
            }
            int n = 5000;
            double[] lat = new double[n];
            for (int i = 0; i < n; i++) {
                long t0 = System.nanoTime();
                s.execute("1+1");
                lat[i] = ms(System.nanoTime() - t0);
            }
            // Bare R: the same expression evaluated by R itself (parse + eval + print), per call.
            double[] bare = rSamples("for (i in 1:20) { s <- proc.time()[[3]]; for (j in 1:2000) "
                    + "invisible(capture.output(print(eval(parse(text = '1+1'))))); "
                    + "cat((proc.time()[[3]] - s) / 2000 * 1000, '\\n') }");
            row("warm `execute(\"1+1\")` (sandbox) vs R parse+eval+print in-process", lat, bare, "ms", "p50 <= 1 ms");
        }
    }

    private static void toolRoundTrip() throws Exception {
        try (SecureSession s = SecureSession.builder().sandbox(true).tool(ADD).build()) {
            s.execute("add2 <- function(a, b) a + b");
            for (int i = 0; i < 5; i++) {
                s.execute("for (i in 1:1000) add(1, 2)");
            }
            int batches = 30;
            double[] perCall = new double[batches];
            double[] bare = new double[batches];
            for (int i = 0; i < batches; i++) {
                long t0 = System.nanoTime();
                ExecutionResult r = s.execute("for (i in 1:1000) add(1, 2)");
                perCall[i] = ms(System.nanoTime() - t0) / 1000.0;
                if (r.toolCalls() != 1000) {
                    throw new IllegalStateException("expected 1000 tool calls, got " + r.toolCalls());
                }
                long b0 = System.nanoTime();
                s.execute("for (i in 1:1000) add2(1, 2)");
                bare[i] = ms(System.nanoTime() - b0) / 1000.0;
            }
            row("tool call round trip R -> Java -> R (per call, batches of 1000) vs an R function", perCall, bare,
                    "ms", "p50 <= 0.3 ms");
        }
    }

    private static void poolThroughput() throws Exception {
        // Throughput of the sessions themselves: handed on as they are (the opt-in), so no restart per call.
        try (SecureSessionPool pool = SecureSessionPool.builder().size(2).sandbox(true).resetBetweenUses(false)
                .acquireTimeout(Duration.ofSeconds(30)).build()) {
            ExecutorService threads = Executors.newFixedThreadPool(2);
            AtomicBoolean stop = new AtomicBoolean();
            AtomicLong count = new AtomicLong();
            List<Future<?>> fs = new ArrayList<>();
            for (int t = 0; t < 2; t++) {
                fs.add(threads.submit(() -> {
                    try (PooledSession lease = pool.lease()) {
                        while (!stop.get()) {
                            lease.execute("1+1");
                            count.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            Thread.sleep(1000); // warm-up
            long c0 = count.get();
            long t0 = System.nanoTime();
            Thread.sleep(5000);
            long done = count.get() - c0;
            double secs = (System.nanoTime() - t0) / 1e9;
            stop.set(true);
            for (Future<?> f : fs) {
                f.get();
            }
            threads.shutdown();
            double rate = done / secs;

            // The same work through pool.execute (lease per call), the way a server would use it.
            AtomicLong c2 = new AtomicLong();
            AtomicBoolean stop2 = new AtomicBoolean();
            ExecutorService threads2 = Executors.newFixedThreadPool(4);
            List<Future<?>> fs2 = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                fs2.add(threads2.submit(() -> {
                    while (!stop2.get()) {
                        pool.execute("1+1");
                        c2.incrementAndGet();
                    }
                    return null;
                }));
            }
            Thread.sleep(1000);
            long d0 = c2.get();
            long t1 = System.nanoTime();
            Thread.sleep(5000);
            double rate2 = (c2.get() - d0) / ((System.nanoTime() - t1) / 1e9);
            stop2.set(true);
            for (Future<?> f : fs2) {
                f.get();
            }
            threads2.shutdown();
            double bareRate = bareRPairThroughput();
            System.out.printf(Locale.ROOT, "| pool of 2 (sandbox), 2 threads holding leases | %.0f exec/s | | %.0f evals/s | | >= 500 /s |%n",
                    rate, bareRate);
            System.out.printf(Locale.ROOT, "| pool of 2 (sandbox), 4 threads, `pool.execute` per call | %.0f exec/s | | | | >= 500 /s |%n",
                    rate2);
        }
    }

    /** Two bare R processes each evaluating parse+eval+print of 1+1 as fast as they can. */
    private static double bareRPairThroughput() throws Exception {
        String code = "s <- proc.time()[[3]]; n <- 0; while (proc.time()[[3]] - s < 3) { "
                + "invisible(capture.output(print(eval(parse(text = '1+1'))))); n <- n + 1 }; cat(n / 3, '\\n')";
        List<Process> ps = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            ps.add(new ProcessBuilder("Rscript", "-e", code).redirectErrorStream(true).start());
        }
        double total = 0;
        for (Process p : ps) {
            total += Double.parseDouble(new String(p.getInputStream().readAllBytes()).trim());
            p.waitFor();
        }
        return total;
    }

    private static void memory() throws Exception {
        long plainRss;
        long boxedRss;
        try (SecureSession plain = SecureSession.builder().build()) {
            plain.execute("1+1");
            plainRss = rssOfChildR();
        }
        try (SecureSession boxed = SecureSession.builder().sandbox(true).build()) {
            boxed.execute("1+1");
            boxedRss = rssOfChildR();
        }
        Process bare = new ProcessBuilder("R", "--vanilla", "--slave", "-e",
                "cat('ready\\n'); invisible(readLines(file('stdin'), n = 1))").redirectErrorStream(true).start();
        try {
            byte[] ready = bare.getInputStream().readNBytes(6);
            if (!new String(ready).startsWith("ready")) {
                throw new IllegalStateException("bare R did not start");
            }
            long bareRss = rss(bare.toHandle());
            System.out.printf(Locale.ROOT, "| idle child RSS, no sandbox / sandbox, vs idle `R --vanilla` | %.1f / %.1f MiB | | %.1f MiB | | |%n",
                    plainRss / 1024.0, boxedRss / 1024.0, bareRss / 1024.0);
        } finally {
            bare.getOutputStream().close();
            bare.destroyForcibly();
            bare.waitFor();
        }
    }

    /** The RSS of the (only) R process below this JVM. */
    private static long rssOfChildR() {
        return ProcessHandle.current().descendants()
                .filter(h -> h.info().command().map(c -> c.endsWith("/exec/R")).orElse(false))
                .mapToLong(Benchmark::rss).max().orElse(-1);
    }

    /** VmRSS in KiB of the R process at or below {@code h}. */
    private static long rss(ProcessHandle h) {
        ProcessHandle target = h.info().command().map(c -> c.endsWith("/exec/R")).orElse(false) ? h
                : h.descendants().filter(d -> d.info().command().map(c -> c.endsWith("/exec/R")).orElse(false))
                .findFirst().orElse(h);
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(target.pid()), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException e) {
            return -1;
        }
        return -1;
    }

    // ------------------------------------------------------------------------------------------

    private static void soak(boolean sandbox) throws Exception {
        int n = 10_000;
        Snapshot before;
        try (SecureSession warm = SecureSession.builder().sandbox(sandbox).tool(ADD).build()) {
            warm.execute("add(1, 1)");
        }
        System.gc();
        before = Snapshot.take();
        long t0 = System.nanoTime();
        try (SecureSession s = SecureSession.builder().sandbox(sandbox).tool(ADD).build()) {
            for (int i = 0; i < n; i++) {
                ExecutionResult r = s.execute("x <- add(" + i + ", 1); cat(x, '\\n'); x");
                if (r.value().asInt() != i + 1) {
                    throw new IllegalStateException("wrong result at " + i + ": " + r.value());
                }
                if (i % 1000 == 999) {
                    System.out.printf(Locale.ROOT, "  %d executions, %s%n", i + 1, Snapshot.take());
                }
            }
        }
        System.gc();
        Snapshot after = Snapshot.take();
        double secs = (System.nanoTime() - t0) / 1e9;
        System.out.printf(Locale.ROOT, "soak: %d executions with a tool call each in %.1f s (%.0f /s), sandbox=%s%n",
                n, secs, n / secs, sandbox);
        System.out.println("before: " + before);
        System.out.println("after:  " + after);
        if (!before.equals(after)) {
            System.out.println("SOAK FAILED: resources differ");
            System.exit(1);
        }
        System.out.println("SOAK OK: threads, fds, child processes and temp dirs unchanged");
    }

    record Snapshot(int threads, long fds, long children, long tempDirs) {
        static Snapshot take() throws IOException {
            long fds;
            try (Stream<Path> s = Files.list(Path.of("/proc/self/fd"))) {
                fds = s.count();
            }
            long dirs;
            try (Stream<Path> s = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
                dirs = s.filter(p -> p.getFileName().toString().startsWith("securer-")).count();
            }
            return new Snapshot(ManagementFactory.getThreadMXBean().getThreadCount(), fds,
                    ProcessHandle.current().descendants().count(), dirs);
        }
    }

    // ------------------------------------------------------------------------------------------

    private static double[] rSamples(String code) throws Exception {
        Process p = new ProcessBuilder("Rscript", "-e", code).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        p.waitFor();
        return out.lines().map(String::trim).filter(l -> !l.isEmpty()).mapToDouble(Double::parseDouble).toArray();
    }

    private static String rVersion() throws Exception {
        Process p = new ProcessBuilder("Rscript", "-e", "cat(R.version.string)").redirectErrorStream(true).start();
        String v = new String(p.getInputStream().readAllBytes()).trim();
        p.waitFor();
        return v;
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    private static double p(double[] xs, double pct) {
        double[] s = xs.clone();
        Arrays.sort(s);
        int idx = (int) Math.ceil(pct / 100.0 * s.length) - 1;
        return s[Math.max(0, Math.min(s.length - 1, idx))];
    }

    private static void row(String figure, double[] ours, double[] bare, String unit, String target) {
        System.out.printf(Locale.ROOT, "| %s | %.3f %s | %.3f %s | %.3f %s | %.3f %s | %s |%n", figure,
                p(ours, 50), unit, p(ours, 99), unit, p(bare, 50), unit, p(bare, 99), unit, target);
    }
}
