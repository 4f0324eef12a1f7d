package io.securer;

import io.securer.engine.ChildEvent;
import io.securer.engine.ChildLink;
import io.securer.engine.ChildMessage;
import io.securer.engine.ErrorSanitizer;
import io.securer.engine.HostMessage;
import io.securer.engine.OutputSink;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Future;

/**
 * Runs one execution (or validation) against a child: sends the request, then reacts to events
 * (tool calls, tool completions, the result, the output fence, the child dying) until the result,
 * the fence and — after a timeout — the runtime's acknowledgement of the interrupt are all in. The
 * state machine is strict: anything the child sends out of turn is a protocol violation, which
 * replaces the child.
 *
 * <p>Used only under the session lock, so at most one execution per session is in flight.
 *
 * <p><b>Length:</b> over 400 lines because the state machine of one execution (result, fence,
 * interrupt acknowledgement, tool calls and their completions, bulk transfers) reads best in one
 * place; its parts with their own job live elsewhere (Conversation, ToolRunner, FrameReceiver,
 * BulkWriter, SessionOperations).
 */
final class ExecutionDriver extends Conversation {
    private static final SecureRandom RANDOM = new SecureRandom();
    /** How long a finished run waits for its bulk transfer's last bytes to be flushed. */
    private static final long BULK_SETTLE_MILLIS = 5_000;
    /** How often a run with a transfer in flight checks that it has not failed. */
    private static final long BULK_CHECK_NANOS = 200_000_000L;

    private final ToolDispatcher dispatcher;
    private final ToolRunner tools;
    private final Duration interruptGrace;
    private final boolean sanitizeErrors;
    private final long maxPlotBytes;
    private final long maxTransferBytes;
    private long execSeq;
    /** Code executions run so far (what maxExecutions counts; operations and validations are not counted). */
    private long codeExecutions;

    ExecutionDriver(ExecutionHost host, ToolDispatcher dispatcher, ToolRunner tools, Duration interruptGrace,
                    boolean sanitizeErrors, long maxPlotBytes, long maxTransferBytes) {
        super(host);
        this.dispatcher = dispatcher;
        this.tools = tools;
        this.interruptGrace = interruptGrace;
        this.sanitizeErrors = sanitizeErrors;
        this.maxPlotBytes = maxPlotBytes;
        this.maxTransferBytes = maxTransferBytes;
    }

    /** Code executions started so far (not validations, data, file or snapshot operations). */
    long executions() {
        return codeExecutions;
    }

    ValidationResult validate(ChildLink child, String code) {
        long exec = ++execSeq;
        drainStale(child);
        send(child, new HostMessage.Validate(exec, code));
        while (true) {
            ChildEvent ev = take(child, Long.MAX_VALUE);
            if (ev instanceof ChildEvent.Message m && m.message() instanceof ChildMessage.Validation v && v.exec() == exec) {
                return new ValidationResult(v.valid(), v.valid() ? null : v.error(), v.warnings());
            }
            if (ev instanceof ChildEvent.Fenced || ev instanceof ChildEvent.ToolDone) {
                continue;
            }
            throw unexpected(child, ev, "validation");
        }
    }

    /**
     * Runs {@code code}. {@code restartedBefore}: the child was replaced since the previous
     * execution (reported in the result or exception).
     */
    ExecutionResult execute(ChildLink child, String code, ExecuteOptions opts, boolean restartedBefore) {
        codeExecutions++;
        Run run = drive(child, (exec, fence) -> new HostMessage.Execute(exec, code, fence), null, opts, restartedBefore);
        try {
            ExecutionResult result = run.outcome(Duration.ofNanos(System.nanoTime() - run.start), restartedBefore);
            finished(run, SessionEvent.Outcome.OK, null, result.rClass());
            return result;
        } catch (SecurerException e) {
            throw failed(run, e, restartedBefore);
        }
    }

    /**
     * Carries out a host-side operation (data frames, files, snapshots) as an execution: the
     * child's data messages go to {@code inbound} (may be null), bytes the request announces are
     * streamed on the bulk channel, and the child's result message is returned.
     */
    ChildMessage.Result operate(ChildLink child, Request request, Inbound inbound, ExecuteOptions opts,
                                boolean restartedBefore) {
        Run run = drive(child, request, inbound, opts, restartedBefore);
        try {
            ChildMessage.Result result = run.operationOutcome();
            finished(run, SessionEvent.Outcome.OK, null, List.of());
            return result;
        } catch (SecurerException e) {
            throw failed(run, e, restartedBefore);
        }
    }

    /** Builds the request of one operation once its number and fence are known. */
    @FunctionalInterface
    interface Request {
        HostMessage.Operation create(long exec, String fence);
    }

    /** Sends the request and follows the child's events until the run is finished. */
    private Run drive(ChildLink child, Request request, Inbound inbound, ExecuteOptions opts, boolean restartedBefore) {
        long start = System.nanoTime();
        long exec = ++execSeq;
        Run run = new Run(child, exec, opts, start, inbound);
        HostMessage.Operation op = request.create(exec, run.nonce);
        String code = op.describe();
        host.emit(new SessionEvent.ExecutionStarted(host.sessionId(), Instant.now(), exec,
                Bounded.cut(code, SessionEvent.MAX_CODE_CHARS), code.length(), opts.callContext()));
        try {
            drainStale(child);
            child.attachOutput(run.sink);
            try {
                send(child, op);
                if (op.bulk() != null) {
                    run.stream(op.bulk());
                }
                while (!run.finished()) {
                    // while bytes are being streamed, wake up now and then to see whether that failed
                    long wake = run.bulk == null ? run.deadline
                            : Math.min(run.deadline, System.nanoTime() + BULK_CHECK_NANOS);
                    ChildEvent ev = take(child, wake);
                    if (ev == null && run.bulkFailed()) {
                        restartAfter(child, "sending data to R failed: " + run.bulk.failure().getMessage());
                        throw new DataTransferException("sending data to R failed (" + run.bulk.failure().getMessage()
                                + "); the R process was replaced and its state is lost").restarted(true);
                    }
                    if (ev == null && (run.deadline == Long.MAX_VALUE || System.nanoTime() - run.deadline < 0)) {
                        continue; // woken only to check the transfer
                    }
                    if (ev == null) {
                        run.onDeadline();
                    } else if (ev instanceof ChildEvent.Fenced f) {
                        run.fenced |= f.nonce().equals(run.nonce);
                    } else if (ev instanceof ChildEvent.ToolDone done) {
                        run.onToolDone(done);
                    } else if (ev instanceof ChildEvent.Message m) {
                        run.onMessage(m.message());
                    } else {
                        throw unexpected(child, ev, "execution");
                    }
                }
                run.awaitBulk();
            } finally {
                child.detachOutput();
                run.cancelPendingTool();
                if (inbound != null) {
                    child.transferDone();
                }
            }
            return run;
        } catch (SecurerException e) {
            throw failed(run, e, restartedBefore);
        }
    }

    private SecurerException failed(Run run, SecurerException e, boolean restartedBefore) {
        if (!run.reported) {
            e.restarted(restartedBefore);
            finished(run, outcomeOf(e), e.getMessage(), List.of());
        }
        return e;
    }

    private void finished(Run run, SessionEvent.Outcome outcome, String error, List<String> rClass) {
        run.reported = true;
        host.emit(new SessionEvent.ExecutionFinished(host.sessionId(), Instant.now(), run.exec, outcome,
                Bounded.cut(error, SessionEvent.MAX_TEXT_CHARS), Duration.ofNanos(System.nanoTime() - run.start),
                run.toolCalls, rClass));
    }

    private static SessionEvent.Outcome outcomeOf(SecurerException e) {
        if (e instanceof RSyntaxException) {
            return SessionEvent.Outcome.SYNTAX_ERROR;
        }
        if (e instanceof ExecutionTimeoutException) {
            return SessionEvent.Outcome.TIMEOUT;
        }
        if (e instanceof ToolCallLimitException) {
            return SessionEvent.Outcome.TOOL_LIMIT;
        }
        if (e instanceof IpcProtocolException) {
            return SessionEvent.Outcome.PROTOCOL_ERROR;
        }
        if (e instanceof SessionClosedException) {
            return SessionEvent.Outcome.CLOSED;
        }
        if (e instanceof RExecutionException r) {
            return r.processDied() ? SessionEvent.Outcome.PROCESS_DIED : SessionEvent.Outcome.R_ERROR;
        }
        return SessionEvent.Outcome.FAILED;
    }

    /** The state of one execution, advanced by events; lives only inside {@link #execute}. */
    private final class Run {
        final ChildLink child;
        final long exec;
        final long start;
        final ExecuteOptions opts;
        final String nonce = nonce();
        final OutputSink sink;
        long deadline;
        boolean fenced;
        ChildMessage terminal;
        /** An interrupt was sent; its acknowledgement must arrive before the run ends. */
        boolean interrupting;
        boolean acknowledged;
        boolean limitHit;
        long nextCall = 1;
        int toolCalls;
        final List<Plot> plots = new ArrayList<>();
        long plotBytes;
        Future<?> pendingTool;
        long pendingCall;
        String pendingName;
        long pendingSince;
        final Inbound inbound;
        BulkWriter bulk;
        /** The ExecutionFinished event was emitted. */
        boolean reported;

        Run(ChildLink child, long exec, ExecuteOptions opts, long start, Inbound inbound) {
            this.child = child;
            this.exec = exec;
            this.start = start;
            this.opts = opts;
            this.inbound = inbound;
            this.sink = new OutputSink(nonce, opts.outputHandler(), opts.maxOutputLines());
            this.deadline = opts.timeout() == null ? Long.MAX_VALUE : start + opts.timeout().toNanos();
        }

        boolean finished() {
            return fenced && terminal != null && (!interrupting || acknowledged);
        }

        /** The timeout passed: interrupt R once; if the grace period passes too, replace the child. */
        void onDeadline() {
            Duration timeout = opts.timeout();
            if (interrupting) {
                restartAfter(child, "R did not answer the interrupt within " + Durations.format(interruptGrace));
                throw new ExecutionTimeoutException(timeout, true);
            }
            interrupting = true;
            cancelPendingTool();
            host.emit(new SessionEvent.ExecutionTimedOut(host.sessionId(), Instant.now(), exec, timeout));
            deadline = System.nanoTime() + interruptGrace.toNanos();
            // The signal first, then the notice: when the runtime reads the notice the signal has
            // been delivered, so it can clear it if it landed after the code had finished.
            child.interrupt();
            send(child, new HostMessage.Interrupt(exec));
        }

        void onToolDone(ChildEvent.ToolDone done) {
            if (pendingTool == null || done.call() != pendingCall || done.exec() != exec) {
                return; // a cancelled tool finishing late
            }
            pendingTool = null;
            reply(done, pendingName, pendingSince);
        }

        void onMessage(ChildMessage msg) {
            if (msg instanceof ChildMessage.InterruptAck ack && ack.exec() == exec && interrupting && !acknowledged) {
                acknowledged = true;
                return;
            }
            if (terminal != null) {
                throw violation(child, "unexpected " + msg.getClass().getSimpleName() + " after execution " + exec
                        + " ended");
            }
            if (msg instanceof ChildMessage.ToolCall tc) {
                onToolCall(tc);
            } else if (msg instanceof ChildMessage.Plot p && p.exec() == exec) {
                plotBytes += p.size();
                if (plotBytes > maxPlotBytes) {
                    throw violation(child, "plots over the limit of " + maxPlotBytes + " bytes per execution");
                }
                try {
                    plots.add(PlotCheck.toPlot(p));
                } catch (IllegalArgumentException e) {
                    throw violation(child, e.getMessage());
                }
            } else if (msg instanceof ChildMessage.Result r && r.exec() == exec
                    || msg instanceof ChildMessage.Failure f && f.exec() == exec) {
                terminal = msg;
                cancelPendingTool();
                if (inbound != null && msg instanceof ChildMessage.Result) {
                    receive(inbound::complete);
                }
            } else if (inbound != null && (msg instanceof ChildMessage.ColumnHeader h && h.exec() == exec
                    || msg instanceof ChildMessage.EntryHeader e && e.exec() == exec
                    || msg instanceof ChildMessage.Chunk c && c.exec() == exec)) {
                receive(() -> {
                    if (!inbound.accept(msg)) {
                        throw new IllegalArgumentException("unexpected " + msg.getClass().getSimpleName()
                                + " during execution " + exec);
                    }
                    if (msg instanceof ChildMessage.Chunk c) {
                        child.recycle(c.data()); // the receivers copy a chunk's bytes out
                    }
                });
            } else {
                throw violation(child, "unexpected " + msg.getClass().getSimpleName() + " during execution " + exec);
            }
        }

        private void onToolCall(ChildMessage.ToolCall tc) {
            if (tc.exec() != exec || tc.call() != nextCall || pendingTool != null) {
                throw violation(child, "tool_call " + tc.exec() + "/" + tc.call()
                        + " does not match execution " + exec + ", expected call " + nextCall);
            }
            nextCall++;
            toolCalls++;
            String args = tc.args().toString();
            String name = Bounded.cut(tc.tool(), SessionEvent.MAX_NAME_CHARS);
            long since = System.nanoTime();
            host.emit(new SessionEvent.ToolCallStarted(host.sessionId(), Instant.now(), exec, tc.call(), name,
                    Bounded.cut(args, SessionEvent.MAX_ARGS_CHARS), args.length()));
            if (interrupting) {
                reply(refusal(tc, "execution timed out"), name, since);
                return;
            }
            if (opts.maxToolCalls() != null && toolCalls > opts.maxToolCalls()) {
                limitHit = true;
                reply(refusal(tc, "tool call limit exceeded: at most " + opts.maxToolCalls()
                        + " tool call(s) per execution"), name, since);
                return;
            }
            ToolDispatcher.Checked checked = dispatcher.check(tc.tool(), tc.args(), opts.callContext());
            if (checked.error() != null) {
                reply(refusal(tc, checked.error()), name, since);
            } else if (opts.timeout() == null) {
                // No timeout to enforce: run the handler here and save two thread hand-offs.
                reply(ToolRunner.run(exec, tc.call(), checked), name, since);
            } else {
                pendingCall = tc.call();
                pendingName = name;
                pendingSince = since;
                pendingTool = tools.submit(exec, tc.call(), checked, child);
            }
        }

        private ChildEvent.ToolDone refusal(ChildMessage.ToolCall tc, String error) {
            return new ChildEvent.ToolDone(exec, tc.call(), null, false, error);
        }

        /** The transfer in flight ended in an error (the child cannot read what it still waits for). */
        boolean bulkFailed() {
            return bulk != null && bulk.failure() != null;
        }

        private void receive(Runnable step) {
            try {
                step.run();
            } catch (IllegalArgumentException e) {
                throw violation(child, e.getMessage());
            }
        }

        /** Streams {@code source} on the bulk channel, after the previous transfer (if any) ended. */
        void stream(io.securer.engine.BulkSource source) {
            awaitBulk();
            bulk = BulkWriter.start(child, source, "securer-" + host.sessionId() + "-bulk");
        }

        /**
         * Waits for the transfer in flight: the runtime reads every announced byte before it
         * answers, so once the run (or the tool call) is over, the transfer must be complete.
         */
        void awaitBulk() {
            BulkWriter w = bulk;
            if (w == null) {
                return;
            }
            bulk = null;
            boolean done;
            try {
                done = w.await(BULK_SETTLE_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                done = false;
            }
            if (!done) {
                String why = w.failure() == null ? "the runtime did not read all the data sent to it"
                        : "sending data to R failed: " + w.failure().getMessage();
                throw violation(child, why);
            }
        }

        void cancelPendingTool() {
            if (pendingTool != null) {
                pendingTool.cancel(true);
                pendingTool = null;
            }
        }

        private void reply(ChildEvent.ToolDone done, String name, long since) {
            if (done.error() == null && done.frame() != null && done.frame().data().size() > maxTransferBytes) {
                done = new ChildEvent.ToolDone(done.exec(), done.call(), null, false, "tool '" + name + "' returned a data "
                        + "frame of " + done.frame().data().size() + " bytes, over the limit of " + maxTransferBytes
                        + " bytes (maxTransferBytes)");
            }
            host.emit(new SessionEvent.ToolCallFinished(host.sessionId(), Instant.now(), done.exec(), done.call(), name,
                    done.error() == null, Bounded.cut(done.error(), SessionEvent.MAX_TEXT_CHARS),
                    Duration.ofNanos(System.nanoTime() - since)));
            if (done.error() == null && done.frame() != null) {
                send(child, HostMessage.ToolResult.frame(done.exec(), done.call(), done.frame()));
                stream(done.frame().data());
                return;
            }
            send(child, done.error() == null
                    ? HostMessage.ToolResult.success(done.exec(), done.call(), done.value(), done.invisible())
                    : HostMessage.ToolResult.failure(done.exec(), done.call(), done.error()));
        }

        /** The result, or the exception the caller gets, once {@link #finished()}. */
        ExecutionResult outcome(Duration elapsed, boolean restartedBefore) {
            List<String> output = sink.lines();
            List<String> console = sink.console();
            ChildMessage.Result r = operationOutcome();
            return new ExecutionResult(r.value(), r.omitted(), sink.printed(), r.visible(), r.rClass(), output, console,
                    sink.dropped(), toolCalls, elapsed, plots, restartedBefore);
        }

        /** The child's result message, or the exception the caller gets, once {@link #finished()}. */
        ChildMessage.Result operationOutcome() {
            if (interrupting) {
                throw new ExecutionTimeoutException(opts.timeout(), false);
            }
            if (limitHit) {
                throw new ToolCallLimitException(opts.maxToolCalls());
            }
            if (terminal instanceof ChildMessage.Failure f) {
                throw failure(f, sink.lines(), sink.console(), plots);
            }
            return (ChildMessage.Result) terminal;
        }
    }

    private SecurerException failure(ChildMessage.Failure f, List<String> output, List<String> console, List<Plot> plots) {
        String message = sanitizeErrors ? ErrorSanitizer.sanitize(f.message()) : f.message();
        return switch (f.kind()) {
            case SYNTAX -> new RSyntaxException(message);
            case RUNTIME -> new RExecutionException(message, f.call(), output, sanitized(console), false, plots);
            case INTERRUPTED -> new RExecutionException("execution interrupted", null, output, sanitized(console), false,
                    plots);
            case TRANSFER -> new DataTransferException(message);
            case FILE -> new SessionFileException(message);
            case SNAPSHOT -> new SnapshotException(message);
        };
    }

    private List<String> sanitized(List<String> lines) {
        return sanitizeErrors ? lines.stream().map(ErrorSanitizer::maskAddressesAndPids).toList() : lines;
    }

    private static String nonce() {
        byte[] b = new byte[12];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
