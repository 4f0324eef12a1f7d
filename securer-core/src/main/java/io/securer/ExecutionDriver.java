package io.securer;

import io.securer.internal.ChildConnection;
import io.securer.internal.ChildEvent;
import io.securer.internal.ChildMessage;
import io.securer.internal.ErrorSanitizer;
import io.securer.internal.HostMessage;
import io.securer.internal.OutputSink;
import io.securer.internal.ToolDispatcher;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Runs one execution (or validation) against a child: sends the request, then reacts to events
 * (tool calls, tool completions, the result, the output fence, the child dying) until both the
 * result and the fence are in. The state machine is strict: anything the child sends out of turn
 * is a protocol violation, which replaces the child.
 *
 * <p>Used only under the session lock, so at most one execution per session is in flight.
 */
final class ExecutionDriver {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecureSession session;
    private final SecureSession.Settings settings;
    private final ToolDispatcher dispatcher;
    private final ToolRunner tools;
    private long execSeq;

    ExecutionDriver(SecureSession session, SecureSession.Settings settings, ToolDispatcher dispatcher, ToolRunner tools) {
        this.session = session;
        this.settings = settings;
        this.dispatcher = dispatcher;
        this.tools = tools;
    }

    ValidationResult validate(ChildConnection child, String code) {
        long exec = ++execSeq;
        drainStale(child);
        send(child, new HostMessage.Validate(exec, code));
        while (true) {
            ChildEvent ev = take(child, Long.MAX_VALUE);
            if (ev instanceof ChildEvent.Message m && m.message() instanceof ChildMessage.Validation v && v.exec() == exec) {
                return new ValidationResult(v.valid(), v.valid() ? null : v.error(), v.warnings());
            }
            if (ev instanceof ChildEvent.Fenced) {
                continue;
            }
            throw unexpected(child, ev, "validation");
        }
    }

    ExecutionResult execute(ChildConnection child, String code, ExecuteOptions opts) {
        long start = System.nanoTime();
        long exec = ++execSeq;
        drainStale(child);
        Run run = new Run(child, exec, opts, start);
        session.event("execute_start", fields("exec", exec, "code", truncate(code)),
                "session {} execute #{}: {} chars", session.sessionId(), exec, code.length());
        child.output().attach(run.sink);
        try {
            send(child, new HostMessage.Execute(exec, code, run.fence));
            while (!run.finished()) {
                ChildEvent ev = take(child, run.deadline);
                if (ev == null) {
                    run.onDeadline();
                } else if (ev instanceof ChildEvent.Fenced f) {
                    run.fenced |= f.nonce().equals(run.fence);
                } else if (ev instanceof ChildEvent.ToolDone done) {
                    run.onToolDone(done);
                } else if (ev instanceof ChildEvent.Message m) {
                    run.onMessage(m.message());
                } else {
                    throw unexpected(child, ev, "execution");
                }
            }
            return run.outcome(Duration.ofNanos(System.nanoTime() - start));
        } finally {
            child.output().detach();
        }
    }

    /** The state of one execution, advanced by events; lives only inside {@link #execute}. */
    private final class Run {
        final ChildConnection child;
        final long exec;
        final ExecuteOptions opts;
        final String fence = fence();
        final OutputSink sink;
        long deadline;
        boolean fenced;
        ChildMessage terminal;
        boolean interrupting;
        boolean limitHit;
        long nextCall = 1;
        int toolCalls;
        Future<?> pendingTool;
        long pendingCall;

        Run(ChildConnection child, long exec, ExecuteOptions opts, long start) {
            this.child = child;
            this.exec = exec;
            this.opts = opts;
            this.sink = new OutputSink(fence, opts.outputHandler(), opts.maxOutputLines());
            this.deadline = opts.timeout() == null ? Long.MAX_VALUE : start + opts.timeout().toNanos();
        }

        /** Both the result (or error) and the output fence are in. */
        boolean finished() {
            return fenced && terminal != null;
        }

        /** The timeout passed: interrupt R once; if the grace period passes too, replace the child. */
        void onDeadline() {
            Duration timeout = opts.timeout();
            if (interrupting) {
                session.replaceChild("R did not answer the interrupt");
                throw new ExecutionTimeoutException(timeout, true);
            }
            interrupting = true;
            cancelPendingTool();
            session.event("execute_timeout", fields("exec", exec, "timeout_ms", timeout.toMillis()),
                    "session {} execute #{} timed out after {} ms; interrupting R", session.sessionId(),
                    exec, timeout.toMillis());
            child.interrupt();
            deadline = System.nanoTime() + settings.interruptGrace.toNanos();
        }

        void onToolDone(ChildEvent.ToolDone done) {
            if (pendingTool == null || done.call() != pendingCall || done.exec() != exec) {
                return; // a cancelled tool finishing late
            }
            pendingTool = null;
            reply(child, done);
        }

        void onMessage(ChildMessage msg) {
            if (terminal != null) {
                throw violation(child, "unexpected " + msg.getClass().getSimpleName() + " after execution " + exec
                        + " ended");
            }
            if (msg instanceof ChildMessage.ToolCall tc) {
                onToolCall(tc);
            } else if (msg instanceof ChildMessage.Result r && r.exec() == exec
                    || msg instanceof ChildMessage.Failure f && f.exec() == exec) {
                terminal = msg;
                cancelPendingTool();
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
            session.event("tool_call", fields("exec", exec, "tool", tc.tool(), "args", tc.args()),
                    "session {} tool call {}({})", session.sessionId(), tc.tool(), tc.args());
            if (interrupting) {
                reply(child, refusal(tc, "execution timed out"));
                return;
            }
            if (opts.maxToolCalls() != null && toolCalls > opts.maxToolCalls()) {
                limitHit = true;
                reply(child, refusal(tc, "tool call limit exceeded: at most " + opts.maxToolCalls()
                        + " tool call(s) per execution"));
                return;
            }
            ToolDispatcher.Checked checked = dispatcher.check(tc.tool(), tc.args(), opts.callContext());
            if (checked.error() != null) {
                reply(child, refusal(tc, checked.error()));
            } else if (opts.timeout() == null) {
                // No timeout to enforce: run the handler here and save two thread hand-offs.
                reply(child, ToolRunner.run(exec, tc.call(), checked));
            } else {
                pendingCall = tc.call();
                pendingTool = tools.submit(exec, tc.call(), checked, child.events());
            }
        }

        private ChildEvent.ToolDone refusal(ChildMessage.ToolCall tc, String error) {
            return new ChildEvent.ToolDone(exec, tc.call(), null, error);
        }

        private void cancelPendingTool() {
            if (pendingTool != null) {
                pendingTool.cancel(true);
                pendingTool = null;
            }
        }

        /** The result, or the exception the caller gets, once {@link #finished()}. */
        ExecutionResult outcome(Duration elapsed) {
            List<String> output = sink.lines();
            if (interrupting) {
                throw new ExecutionTimeoutException(opts.timeout(), false);
            }
            if (limitHit) {
                session.event("execute_error", fields("exec", exec, "error", "tool call limit"),
                        "session {} execute #{} exceeded the tool call limit", session.sessionId(), exec);
                throw new ToolCallLimitException(opts.maxToolCalls());
            }
            if (terminal instanceof ChildMessage.Failure f) {
                throw failure(exec, f, output);
            }
            ChildMessage.Result r = (ChildMessage.Result) terminal;
            session.event("execute_complete", fields("exec", exec, "elapsed_ms", elapsed.toNanos() / 1e6,
                            "tool_calls", toolCalls, "class", r.rClass()),
                    "session {} execute #{} done in {} ms", session.sessionId(), exec, elapsed.toMillis());
            return new ExecutionResult(r.value(), r.printed(), r.visible(), r.rClass(), output, toolCalls, elapsed);
        }
    }

    private RuntimeException failure(long exec, ChildMessage.Failure f, List<String> output) {
        String message = settings.sanitizeErrors ? ErrorSanitizer.sanitize(f.message()) : f.message();
        session.event("execute_error", fields("exec", exec, "kind", f.kind().name().toLowerCase(java.util.Locale.ROOT),
                        "error", message), "session {} execute #{} failed: {}", session.sessionId(), exec, message);
        return switch (f.kind()) {
            case SYNTAX -> new RSyntaxException(message);
            case RUNTIME -> new RExecutionException(message, f.call(), output);
            case INTERRUPTED -> new RExecutionException("execution interrupted", null, output);
        };
    }

    private void reply(ChildConnection child, ChildEvent.ToolDone done) {
        session.event("tool_result", done.error() == null
                        ? fields("exec", done.exec(), "call", done.call(), "ok", true)
                        : fields("exec", done.exec(), "call", done.call(), "ok", false, "error", done.error()),
                "session {} tool result #{}: {}", session.sessionId(), done.call(),
                done.error() == null ? "ok" : done.error());
        send(child, done.error() == null
                ? HostMessage.ToolResult.success(done.exec(), done.call(), done.value())
                : HostMessage.ToolResult.failure(done.exec(), done.call(), done.error()));
    }

    /** Waits for the next event until {@code deadline} (System.nanoTime), or null when it passes. */
    private ChildEvent take(ChildConnection child, long deadline) {
        BlockingQueue<ChildEvent> q = child.events();
        try {
            if (deadline == Long.MAX_VALUE) {
                return q.take();
            }
            long wait = deadline - System.nanoTime();
            return wait <= 0 ? q.poll() : q.poll(wait, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            // The caller gave up: the child may be mid-execution, so it cannot be reused as is.
            Thread.currentThread().interrupt();
            child.close();
            throw new SecurerException("interrupted while waiting for R; the child was stopped and will be replaced", e);
        }
    }

    /** Events left over from earlier (the child died or sent something while idle). */
    private void drainStale(ChildConnection child) {
        ChildEvent ev;
        while ((ev = child.events().poll()) != null) {
            if (ev instanceof ChildEvent.Fenced || ev instanceof ChildEvent.ToolDone) {
                continue;
            }
            throw unexpected(child, ev, "idle time");
        }
    }

    private RuntimeException unexpected(ChildConnection child, ChildEvent ev, String during) {
        if (ev instanceof ChildEvent.Violation v) {
            restartAfter(child, "protocol violation: " + v.error().getMessage());
            return v.error();
        }
        if (ev instanceof ChildEvent.Exited || ev instanceof ChildEvent.SocketClosed) {
            if (session.isClosed()) {
                return new SessionClosedException("session " + session.sessionId() + " was closed during " + during);
            }
            String status = ev instanceof ChildEvent.Exited e ? " (exit status " + e.status() + ")" : "";
            restartAfter(child, "child died during " + during);
            session.event("execute_error", fields("error", "R process exited" + status),
                    "session {}: R process exited during {}{}", session.sessionId(), during, status);
            return new RExecutionException("the R process exited during " + during + status
                    + "; the session was restarted and its state is lost", null, List.of(), true);
        }
        if (ev instanceof ChildEvent.Message m) {
            return violation(child, "unexpected " + m.message().getClass().getSimpleName() + " during " + during);
        }
        return violation(child, "unexpected event " + ev + " during " + during);
    }

    private IpcProtocolException violation(ChildConnection child, String what) {
        IpcProtocolException e = new IpcProtocolException("child broke the protocol: " + what);
        restartAfter(child, e.getMessage());
        return e;
    }

    private void restartAfter(ChildConnection child, String why) {
        if (session.isClosed()) {
            return;
        }
        child.close();
        session.replaceChild(why);
    }

    private void send(ChildConnection child, HostMessage m) {
        try {
            child.send(m);
        } catch (IOException e) {
            if (session.isClosed()) {
                throw new SessionClosedException("session " + session.sessionId() + " is closed");
            }
            restartAfter(child, "lost the connection to R: " + e.getMessage());
            throw new RExecutionException("lost the connection to the R process (" + e.getMessage()
                    + "); the session was restarted and its state is lost", null, List.of(), true);
        }
    }

    private static String fence() {
        byte[] b = new byte[12];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    private static String truncate(String code) {
        return code.length() <= 10_000 ? code : code.substring(0, 10_000) + "[truncated]";
    }

    private static Map<String, Object> fields(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }
}
