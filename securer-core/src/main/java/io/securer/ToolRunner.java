package io.securer;

import com.fasterxml.jackson.databind.JsonNode;
import io.securer.internal.ChildEvent;
import io.securer.internal.ErrorSanitizer;
import io.securer.internal.ToolDispatcher;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs host tool handlers for one session off the executing thread, so a timeout can still fire
 * (and interrupt the handler) while a tool hangs. Threads are created on demand, are daemons,
 * and all end in {@link #close()}.
 */
final class ToolRunner implements AutoCloseable {
    private final String sessionId;
    private final AtomicInteger threads = new AtomicInteger();
    private ExecutorService executor;
    private boolean closed;

    ToolRunner(String sessionId) {
        this.sessionId = sessionId;
    }

    /** Runs the tool and posts a {@link ChildEvent.ToolDone} to {@code events} when it ends. */
    synchronized Future<?> submit(long exec, long call, ToolDispatcher.Checked checked, BlockingQueue<ChildEvent> events) {
        if (closed) {
            throw new SessionClosedException("session " + sessionId + " is closed");
        }
        if (executor == null) {
            executor = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 30, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
                Thread t = new Thread(r, "securer-" + sessionId + "-tool-" + threads.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
        }
        return executor.submit(() -> {
            ChildEvent.ToolDone done = run(exec, call, checked);
            // The queue is bounded; a finished tool must never be lost, so wait for room.
            try {
                events.put(done);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    /** Runs the handler on the calling thread. */
    static ChildEvent.ToolDone run(long exec, long call, ToolDispatcher.Checked checked) {
        try {
            JsonNode value = ToolDispatcher.run(checked.tool(), checked.args());
            return new ChildEvent.ToolDone(exec, call, value, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new ChildEvent.ToolDone(exec, call, null, "tool '" + checked.tool().name() + "' was interrupted");
        } catch (Exception | StackOverflowError e) {
            return new ChildEvent.ToolDone(exec, call, null,
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
