package io.securer.bench;

import io.securer.DataFrame;
import io.securer.ExecutionResult;
import io.securer.SecureSession;
import io.securer.SessionEvent;
import io.securer.SessionSnapshot;
import io.securer.langchain4j.RCodeTool;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.rosuda.REngine.REXP;
import org.rosuda.REngine.Rserve.RConnection;

/**
 * securer next to Rserve, measured interleaved in one run so that load from elsewhere on the
 * machine hits both: warm {@code 1+1}, a new chat's first call against a new Rserve connection,
 * a 5-column data frame into R and out of R at 1e3..1e6 rows, and snapshot/restore of a ~1 MB and
 * a ~100 MB workspace. Every securer session is sandboxed with the default limits. Each figure
 * checks the work it timed (outside the timed region) and prints a table row with p50, p99 and
 * the ratio of the p50s.
 */
final class PeerBenchmark {
    static final int[] FRAME_SIZES = {1_000, 10_000, 100_000, 1_000_000};

    private final RserveServer server;
    private final boolean quick;
    private final int[] frameSizes;

    private PeerBenchmark(RserveServer server, boolean quick, int[] frameSizes) {
        this.server = server;
        this.quick = quick;
        this.frameSizes = frameSizes;
    }

    /** The parts to run, by name: latency, firstcall, frames (at {@code frameSizes} rows), snapshots. */
    static void run(RserveServer server, boolean quick, List<String> parts, int[] frameSizes) throws Exception {
        PeerBenchmark b = new PeerBenchmark(server, quick, frameSizes);
        System.out.println("| figure | securer p50 | securer p99 | Rserve p50 | Rserve p99 | securer / Rserve (p50) | target |");
        System.out.println("|---|---|---|---|---|---|---|");
        if (parts.contains("latency")) {
            b.warmOnePlusOne();
        }
        if (parts.contains("firstcall")) {
            b.firstCall();
        }
        if (parts.contains("frames")) {
            for (int n : frameSizes) {
                b.frames(n);
            }
        }
        if (parts.contains("snapshots")) {
            b.snapshots(1);
            b.snapshots(100);
        }
    }

    // ------------------------------------------------------------------------------------------

    /** Rounds of warm calls, securer and Rserve taking turns (the order flips every round). */
    private void warmOnePlusOne() throws Exception {
        int rounds = quick ? 4 : 10;
        int perRound = quick ? 250 : 500;
        long[] ours = new long[rounds * perRound];
        long[] theirs = new long[rounds * perRound];
        try (SecureSession s = SecureSession.builder().sandbox(true).sandboxStrict(true).build();
             Conn c = new Conn(server.connect())) {
            for (int i = 0; i < 2000; i++) {
                s.execute("1+1");
                c.r.eval("1+1");
            }
            for (int round = 0; round < rounds; round++) {
                for (int side = 0; side < 2; side++) {
                    boolean securerTurn = (side == 0) == (round % 2 == 0);
                    for (int i = 0; i < perRound; i++) {
                        int k = round * perRound + i;
                        if (securerTurn) {
                            long t0 = System.nanoTime();
                            ExecutionResult r = s.execute("1+1");
                            ours[k] = System.nanoTime() - t0;
                            check(r.value().asDouble() == 2.0, "1+1 gave " + r.value());
                        } else {
                            long t0 = System.nanoTime();
                            REXP v = c.r.eval("1+1");
                            theirs[k] = System.nanoTime() - t0;
                            check(v.asDouble() == 2.0, "Rserve 1+1 gave " + v.asDouble());
                        }
                    }
                }
            }
        }
        row("warm `execute(\"1+1\")` (sandbox) vs `eval(\"1+1\")` on an open connection", ours, theirs, "µs",
                "<= 3x");
    }

    /**
     * A new chat's first {@code run_r_code} call: an {@link RCodeTool} with one session per memory
     * id and one warm spare, built fresh for each sample; timed once its spare has started (the
     * session-start event, then a pause so the start-up's CPU burst is over, as for a spare made
     * long before the chat). Next to it, in the same loop: further calls of the same chat, a new
     * Rserve connection + eval + close, and evals on an open Rserve connection.
     */
    private void firstCall() throws Exception {
        int samples = quick ? 5 : 15;
        int warmPerSample = 20;
        long[] first = new long[samples];
        long[] fresh = new long[samples];
        long[] warm = new long[samples * warmPerSample];
        long[] rserveWarm = new long[samples * warmPerSample];
        int startedOnCaller = 0;
        RservePeer.newConnection(server, 5, 1); // warm the client and the server's fork path
        try (Conn open = new Conn(server.connect())) {
            for (int i = 0; i < samples; i++) {
                boolean rserveFirst = i % 2 == 1;
                if (rserveFirst) {
                    fresh[i] = RservePeer.newConnection(server, 0, 1)[0];
                }
                CountDownLatch spareStarted = new CountDownLatch(1);
                AtomicInteger callerStarts = new AtomicInteger();
                Thread caller = Thread.currentThread();
                SecureSession.Builder template = SecureSession.builder().sandbox(true).sandboxStrict(true)
                        .listener(e -> {
                            if (e instanceof SessionEvent.SessionStarted) {
                                if (Thread.currentThread() == caller) {
                                    callerStarts.incrementAndGet();
                                }
                                spareStarted.countDown();
                            }
                        });
                try (RCodeTool tool = RCodeTool.builder().sessionPerMemoryId(template).warmSessions(1).build()) {
                    check(spareStarted.await(120, TimeUnit.SECONDS), "the spare session did not start in 120 s");
                    Thread.sleep(500);
                    String chat = "chat-" + i;
                    long t0 = System.nanoTime();
                    String text = tool.runRCode(chat, "1+1");
                    first[i] = System.nanoTime() - t0;
                    check(text.contains("[1] 2"), "first run_r_code answered: " + text);
                    startedOnCaller += callerStarts.get();
                    for (int k = 0; k < warmPerSample; k++) {
                        long w0 = System.nanoTime();
                        String again = tool.runRCode(chat, "1+1");
                        warm[i * warmPerSample + k] = System.nanoTime() - w0;
                        check(again.contains("[1] 2"), "run_r_code answered: " + again);
                        long r0 = System.nanoTime();
                        double v = open.r.eval("1+1").asDouble();
                        rserveWarm[i * warmPerSample + k] = System.nanoTime() - r0;
                        check(v == 2.0, "Rserve 1+1 gave " + v);
                    }
                }
                if (!rserveFirst) {
                    fresh[i] = RservePeer.newConnection(server, 0, 1)[0];
                }
            }
        }
        row("a new chat's first `run_r_code(\"1+1\")` (warm spare, sandbox) vs new connection + `eval(\"1+1\")` + close",
                first, fresh, "ms", "<= 3x");
        row("the same chat's next `run_r_code(\"1+1\")` vs `eval(\"1+1\")` on an open connection", warm, rserveWarm, "µs",
                "");
        if (startedOnCaller > 0) {
            System.out.printf(Locale.ROOT, "| (%d of %d first calls found no spare ready and started R themselves) | | | | | | |%n",
                    startedOnCaller, samples);
        }
    }

    // ------------------------------------------------------------------------------------------

    /** Runs per frame size: at least 7 for 1e6 rows (p50 of >= 5). */
    private int frameRuns(int n) {
        if (quick) {
            return 3;
        }
        return n <= 1_000 ? 40 : n <= 10_000 ? 20 : n <= 100_000 ? 9 : 7;
    }

    /**
     * The frame into R ({@code assign}) and out of R ({@code getDataFrame} / {@code eval}) with
     * both, in one loop: each run times securer in, Rserve in, securer out, Rserve out, the pairs
     * in alternating order. The Java conversions (arrays to {@link DataFrame} or REXP and back)
     * are inside the timed region for both.
     */
    private void frames(int n) throws Exception {
        RserveFrame f = RserveFrame.generate(n);
        int runs = frameRuns(n);
        long[] sIn = new long[runs];
        long[] rIn = new long[runs];
        long[] sOut = new long[runs];
        long[] rOut = new long[runs];
        try (SecureSession s = SecureSession.builder().sandbox(true).sandboxStrict(true).build();
             Conn c = new Conn(server.connect())) {
            String reference = null;
            for (int i = -1; i < runs; i++) { // run -1 warms both up and is not kept
                boolean securerFirst = i % 2 == 0;
                long[] in = new long[2];
                for (int side = 0; side < 2; side++) {
                    boolean securerTurn = (side == 0) == securerFirst;
                    if (securerTurn) {
                        s.execute("if (exists('d')) rm(d); invisible(gc())");
                        long t0 = System.nanoTime();
                        s.assign("d", SecurerFrames.toDataFrame(f));
                        in[0] = System.nanoTime() - t0;
                    } else {
                        c.r.voidEval("if (exists('d')) rm(d); invisible(gc())");
                        long t0 = System.nanoTime();
                        c.r.assign("d", f.toREXP());
                        in[1] = System.nanoTime() - t0;
                    }
                }
                if (reference == null) {
                    RservePeer.verifyInR(c.r, f);
                    reference = c.r.eval(DIGEST).asString();
                }
                String ours = s.execute(DIGEST).value().asText();
                check(ours.equals(reference), "the frame in securer's R differs from Rserve's: " + ours + " vs " + reference);
                long[] out = new long[2];
                for (int side = 0; side < 2; side++) {
                    boolean securerTurn = (side == 0) == securerFirst;
                    if (securerTurn) {
                        long t0 = System.nanoTime();
                        RserveFrame back = SecurerFrames.fromDataFrame(s.getDataFrame("d"));
                        out[0] = System.nanoTime() - t0;
                        check(f.firstDifference(back) < 0, "securer: row " + f.firstDifference(back) + " came back different");
                    } else {
                        long t0 = System.nanoTime();
                        RserveFrame back = RserveFrame.fromREXP(c.r.eval("d"));
                        out[1] = System.nanoTime() - t0;
                        check(f.firstDifference(back) < 0, "Rserve: row " + f.firstDifference(back) + " came back different");
                    }
                }
                if (i >= 0) {
                    sIn[i] = in[0];
                    rIn[i] = in[1];
                    sOut[i] = out[0];
                    rOut[i] = out[1];
                }
            }
        }
        String target = n == 1_000_000 ? "<= 1x" : "";
        row(String.format(Locale.ROOT, "data frame %,d x 5 into R: `assign` (%d runs)", n, runs), sIn, rIn, "ms", target);
        row(String.format(Locale.ROOT, "data frame %,d x 5 out of R: `getDataFrame` vs `eval` (%d runs)", n, runs), sOut,
                rOut, "ms", target);
    }

    /**
     * What a frame {@code d} is, as one string: shape, classes, NA counts, sums and a non-ASCII
     * value. Computed by each R and compared: both must hold the same frame.
     */
    static final String DIGEST = "local({ paste(nrow(d), paste(vapply(d, function(x) class(x)[1], ''), collapse = ','),"
            + " paste(vapply(d, function(x) sum(is.na(x)), 0L), collapse = ','), sum(is.nan(d$num)),"
            + " sum(nchar(d$chr), na.rm = TRUE), sprintf('%.17g', sum(d$num, na.rm = TRUE)),"
            + " sprintf('%.17g', sum(as.numeric(d$int), na.rm = TRUE)), sum(d$lgl, na.rm = TRUE),"
            + " sprintf('%.17g', sum(unclass(d$day), na.rm = TRUE)), identical(d$chr[98], 'caf\\u00e9-97'), sep = '|') })";

    // ------------------------------------------------------------------------------------------

    /**
     * A workspace of about {@code mb} MB (doubles, strings, a data frame): securer's
     * {@code snapshot()} and {@code restore()} next to what a Rserve user would write, one
     * {@code serialize()} of the workspace returned by {@code eval} and one {@code assign} of the
     * bytes followed by {@code unserialize}. Both restore into the session they came from.
     */
    private void snapshots(int mb) throws Exception {
        int runs = quick ? 3 : (mb >= 100 ? 7 : 15);
        String make = String.format(Locale.ROOT, "local({ set.seed(1); k <- %d;"
                + " assign('ws_num', runif(k * 65000), globalenv());"
                + " assign('ws_chr', sprintf('item-%%d-%%s', seq_len(k * 5000), 'abc'), globalenv());"
                + " assign('ws_df', data.frame(a = seq_len(k * 10000), b = rnorm(k * 10000), c = rep(c('x', 'y'), k * 5000)),"
                + " globalenv()) }); invisible(NULL)", mb);
        String check = "paste(sprintf('%.17g', sum(ws_num)), length(ws_chr), ws_chr[length(ws_chr)], nrow(ws_df),"
                + " sprintf('%.17g', sum(ws_df$b)), sep = '|')";
        long[] sSnap = new long[runs];
        long[] rSnap = new long[runs];
        long[] sRestore = new long[runs];
        long[] rRestore = new long[runs];
        long size = 0;
        long rSize = 0;
        try (SecureSession s = SecureSession.builder().sandbox(true).sandboxStrict(true).build();
             Conn c = new Conn(server.connect())) {
            s.execute(make);
            c.r.voidEval(make);
            String expected = c.r.eval(check).asString();
            check(s.execute(check).value().asText().equals(expected), "the workspaces differ");
            for (int i = -1; i < runs; i++) {
                boolean securerFirst = i % 2 == 0;
                SessionSnapshot snap = null;
                byte[] bytes = null;
                long[] t = new long[4];
                for (int side = 0; side < 2; side++) {
                    if ((side == 0) == securerFirst) {
                        long t0 = System.nanoTime();
                        snap = s.snapshot();
                        t[0] = System.nanoTime() - t0;
                    } else {
                        long t0 = System.nanoTime();
                        bytes = c.r.eval("serialize(mget(ls(globalenv()), globalenv()), NULL)").asBytes();
                        t[1] = System.nanoTime() - t0;
                    }
                }
                size = snap.sizeBytes();
                rSize = bytes.length;
                check(snap.skipped().isEmpty(), "objects skipped: " + snap.skipped());
                s.execute("rm(list = ls()); invisible(gc())");
                c.r.voidEval("rm(list = ls()); invisible(gc())");
                for (int side = 0; side < 2; side++) {
                    if ((side == 0) == securerFirst) {
                        long t0 = System.nanoTime();
                        s.restore(snap);
                        t[2] = System.nanoTime() - t0;
                    } else {
                        long t0 = System.nanoTime();
                        c.r.assign(".snap", bytes);
                        c.r.voidEval("local({ l <- unserialize(.snap); rm(.snap, envir = globalenv());"
                                + " list2env(l, globalenv()) }); invisible(NULL)");
                        t[3] = System.nanoTime() - t0;
                    }
                }
                check(s.execute(check).value().asText().equals(expected), "securer's restored workspace differs");
                check(c.r.eval(check).asString().equals(expected), "Rserve's restored workspace differs");
                if (i >= 0) {
                    sSnap[i] = t[0];
                    rSnap[i] = t[1];
                    sRestore[i] = t[2];
                    rRestore[i] = t[3];
                }
            }
        }
        String what = String.format(Locale.ROOT, "%.1f MB workspace (Rserve: %.1f MB serialized; %d runs)", size / 1e6,
                rSize / 1e6, runs);
        row("`snapshot()` of a " + what + " vs `eval(\"serialize(...)\")`", sSnap, rSnap, "ms", "");
        row("`restore()` of a " + what + " vs `assign` + `unserialize`", sRestore, rRestore, "ms", "");
    }

    // ------------------------------------------------------------------------------------------

    private static void row(String figure, long[] ours, long[] theirs, String unit, String target) {
        double scale = unit.equals("ms") ? 1e6 : 1e3;
        int digits = unit.equals("ms") ? 2 : 1;
        String fmt = "%." + digits + "f " + unit;
        double ratio = RserveBenchMain.p(ours, 50) / RserveBenchMain.p(theirs, 50);
        System.out.printf(Locale.ROOT, "| %s | " + fmt + " | " + fmt + " | " + fmt + " | " + fmt + " | **%.2fx** | %s |%n",
                figure, RserveBenchMain.p(ours, 50) / scale, RserveBenchMain.p(ours, 99) / scale,
                RserveBenchMain.p(theirs, 50) / scale, RserveBenchMain.p(theirs, 99) / scale, ratio, target);
    }

    private static void check(boolean ok, String what) {
        if (!ok) {
            throw new IllegalStateException("benchmark check failed: " + what);
        }
    }

    /** An RConnection that closes in try-with-resources. */
    private record Conn(RConnection r) implements AutoCloseable {
        @Override
        public void close() {
            r.close();
        }
    }
}
