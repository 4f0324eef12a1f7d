package io.securer;

import com.fasterxml.jackson.databind.JsonNode;
import io.securer.engine.ChildEvent;
import io.securer.engine.ChildLink;
import io.securer.engine.ErrorSanitizer;
import io.securer.engine.Threads;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Runs host tool handlers for one session off the executing thread, so a timeout can still fire
 * (and interrupt the handler) while a tool hangs. Threads are created on demand, are daemons,
 * and all end in {@link #close()}.
 */
final class ToolRunner implements AutoCloseable {
    private final String sessionId;
    private ExecutorService executor;
    private boolean closed;

    ToolRunner(String sessionId) {
        this.sessionId = sessionId;
    }

    /** Runs the tool and posts a {@link ChildEvent.ToolDone} to {@code child} when it ends. */
    synchronized Future<?> submit(long exec, long call, ToolDispatcher.Checked checked, ChildLink child) {
        if (closed) {
            throw new SessionClosedException("session " + sessionId + " is closed");
        }
        if (executor == null) {
            executor = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 30, TimeUnit.SECONDS, new SynchronousQueue<>(),
                    Threads.factory("securer-" + sessionId + "-tool"));
        }
        return executor.submit(() -> child.postToolDone(run(exec, call, checked)));
    }

    /** Runs the handler on the calling thread. */
    static ChildEvent.ToolDone run(long exec, long call, ToolDispatcher.Checked checked) {
        try {
            Object result = checked.tool().handler().call(checked.args());
            if (result == SecurerTool.INVISIBLE) {
                return new ChildEvent.ToolDone(exec, call, null, true, null);
            }
            if (result instanceof DataFrame frame) {
                return new ChildEvent.ToolDone(exec, call, null, false, null, FrameEncoder.encode(frame));
            }
            JsonNode value = ToolDispatcher.toJson(result);
            return new ChildEvent.ToolDone(exec, call, value, false, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new ChildEvent.ToolDone(exec, call, null, false, "tool '" + checked.tool().name() + "' was interrupted");
        } catch (Exception | StackOverflowError e) {
            return new ChildEvent.ToolDone(exec, call, null, false,
                    "tool '" + checked.tool().name() + "' failed: " + ErrorSanitizer.describe(e));
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (executor != null) {
            executor.shutdownNow();
            try {
                executor.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
