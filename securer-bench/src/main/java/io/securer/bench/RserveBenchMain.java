package io.securer.bench;

import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import org.rosuda.REngine.REXP;
import org.rosuda.REngine.RList;
import org.rosuda.REngine.Rserve.RConnection;

/**
 * The Rserve peer on its own: warm eval, new connection, and a 5-column data frame in and out of
 * R at 1e3..1e6 rows, plus what the same frame costs inside R (serialize, unserialize, readBin).
 *
 * <pre>
 *   mvn -B -q -DskipTests -pl securer-bench -am package
 *   java -cp securer-bench/target/securer-bench.jar io.securer.bench.RserveBenchMain [--quick]
 * </pre>
 *
 * {@code --quick} takes fewer samples (a smoke run). {@link Benchmark} runs the same after its own
 * figures when given {@code --rserve}.
 */
public final class RserveBenchMain {
    private static final int[] SIZES = {1_000, 10_000, 100_000, 1_000_000};

    private RserveBenchMain() {
    }

    public static void main(String[] args) throws Exception {
        boolean quick = Arrays.asList(args).contains("--quick");
        run(quick);
    }

    /** Prints the Rserve tables; leaves no Rserve process behind. */
    public static void run(boolean quick) throws Exception {
        Set<Long> pids;
        try (RserveServer server = RserveServer.start()) {
            try (Conn c = new Conn(server.connect())) {
                REXP v = c.r.eval("paste(R.version.string, '/ Rserve', as.character(packageVersion('Rserve')))");
                System.out.printf(Locale.ROOT, "Rserve peer on %d cores, Java %s, %s, server pid %d, port %d, maxinbuf %d KiB%n%n",
                        Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), v.asString(),
                        server.pid(), server.port(), RserveServer.DEFAULT_MAX_IN_BUF_KIB);
            }
            latency(server, quick);
            frames(server, quick);
            inR(server, quick);
            pids = server.livePids();
            long zombies = pids.stream().filter(RserveServer::isZombie).count();
            System.out.printf(Locale.ROOT, "%nRserve processes before close: the server, %d children alive, "
                    + "%d finished children not yet reaped%n", pids.size() - 1 - zombies, zombies);
        }
        long left = pids.stream().filter(p -> ProcessHandle.of(p).map(ProcessHandle::isAlive).orElse(false)).count();
        System.out.printf(Locale.ROOT, "Rserve processes left after close: %d%n", left);
        if (left != 0) {
            throw new IllegalStateException("Rserve processes survived close: " + pids);
        }
    }

    private static void latency(RserveServer server, boolean quick) throws Exception {
        RservePeer.WarmEval warm;
        try (Conn c = new Conn(server.connect())) {
            warm = RservePeer.warmEval(c.r, quick ? 200 : 2000, quick ? 1000 : 5000);
        }
        long[] fresh = RservePeer.newConnection(server, 5, quick ? 20 : 100);
        System.out.println("| Rserve figure | samples | p50 | p99 |");
        System.out.println("|---|---|---|---|");
        System.out.printf(Locale.ROOT, "| warm `eval(\"1+1\")` on one connection (value %.1f) | %d | %.1f µs | %.1f µs |%n",
                warm.value(), warm.nanos().length, p(warm.nanos(), 50) / 1e3, p(warm.nanos(), 99) / 1e3);
        System.out.printf(Locale.ROOT, "| new connection + `eval(\"1+1\")` + close | %d | %.2f ms | %.2f ms |%n%n",
                fresh.length, p(fresh, 50) / 1e6, p(fresh, 99) / 1e6);
    }

    private static void frames(RserveServer server, boolean quick) throws Exception {
        System.out.println("| rows | QAP bytes | runs | in p50 | in p99 | out p50 | out p99 | of in: Java encode p50 |");
        System.out.println("|---|---|---|---|---|---|---|---|");
        for (int n : SIZES) {
            RserveFrame f = RserveFrame.generate(n);
            int runs = quick ? 3 : runsFor(n);
            long[] in;
            long[] out;
            try (Conn c = new Conn(server.connect())) {
                in = RservePeer.dataIn(c.r, f, 1, runs);
                out = RservePeer.dataOut(c.r, f, 1, runs);
            }
            long[] encode = RservePeer.encodeOnly(f, 1, runs);
            System.out.printf(Locale.ROOT, "| %,d | %,d | %d | %.2f ms | %.2f ms | %.2f ms | %.2f ms | %.2f ms |%n", n,
                    RservePeer.wireBytes(f), runs, p(in, 50) / 1e6, p(in, 99) / 1e6, p(out, 50) / 1e6, p(out, 99) / 1e6,
                    p(encode, 50) / 1e6);
        }
        System.out.println();
    }

    /** Runs per size: many for small frames, at least 7 (p50 of >= 5) for 1e6 rows. */
    static int runsFor(int n) {
        return n <= 1_000 ? 200 : n <= 10_000 ? 100 : n <= 100_000 ? 30 : 9;
    }

    /**
     * Reference costs inside R for the 1e6-row frame, on an Rserve connection: serialize and
     * unserialize of {@code d}, and readBin of 1e6 doubles from a raw vector (the floor of any
     * binary transfer into R). Each is the median of timed calls, each after an untimed gc().
     */
    static void inR(RserveServer server, boolean quick) throws Exception {
        RserveFrame f = RserveFrame.generate(1_000_000);
        int reps = quick ? 3 : 11;
        try (Conn c = new Conn(server.connect())) {
            c.r.assign("d", f.toREXP());
            RservePeer.verifyInR(c.r, f);
            // Each sample: gc() untimed, then the call alone, timed with Sys.time() (microseconds;
            // system.time() rounds to milliseconds). Median of reps.
            RList l = c.r.eval("local({ reps <- " + reps + "L;"
                    + "med <- function(f) median(vapply(seq_len(reps), function(i) { invisible(gc()); t0 <- Sys.time(); f();"
                    + " as.numeric(Sys.time() - t0, units = 'secs') }, 0)) * 1000;"
                    + "s <- serialize(d, NULL); x <- as.numeric(seq_len(1e6)) / 7; r <- writeBin(x, raw());"
                    + "stopifnot(identical(readBin(r, 'double', n = 1e6), x), identical(unserialize(s), d));"
                    + "list(ser = med(function() serialize(d, NULL)), unser = med(function() unserialize(s)),"
                    + "bytes = length(s), nativeBytes = length(serialize(d, NULL, xdr = FALSE)),"
                    + "serNative = med(function() serialize(d, NULL, xdr = FALSE)),"
                    + "readBin = med(function() readBin(r, 'double', n = 1e6)), rawBytes = length(r)) })").asList();
            System.out.println("| inside R, the same 1e6-row frame (median of " + reps + ") | ms | bytes |");
            System.out.println("|---|---|---|");
            System.out.printf(Locale.ROOT, "| `serialize(d, NULL)` (XDR, big-endian) | %.2f | %,d |%n",
                    l.at("ser").asDouble(), (long) l.at("bytes").asDouble());
            System.out.printf(Locale.ROOT, "| `serialize(d, NULL, xdr = FALSE)` | %.2f | %,d |%n",
                    l.at("serNative").asDouble(), (long) l.at("nativeBytes").asDouble());
            System.out.printf(Locale.ROOT, "| `unserialize(s)` (the XDR bytes) | %.2f | |%n", l.at("unser").asDouble());
            System.out.printf(Locale.ROOT, "| `readBin(r, 'double', n = 1e6)` from a raw vector | %.2f | %,d |%n",
                    l.at("readBin").asDouble(), (long) l.at("rawBytes").asDouble());
        }
    }

    static double p(long[] xs, double pct) {
        long[] s = xs.clone();
        Arrays.sort(s);
        int idx = (int) Math.ceil(pct / 100.0 * s.length) - 1;
        return s[Math.max(0, Math.min(s.length - 1, idx))];
    }

    /** An RConnection that closes in try-with-resources. */
    private record Conn(RConnection r) implements AutoCloseable {
        @Override
        public void close() {
            r.close();
        }
    }
}
