package io.securer;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.securer.engine.ChildEvent;
import io.securer.engine.ChildLink;
import io.securer.engine.ChildMessage;
import io.securer.engine.HostMessage;
import io.securer.engine.OutputSink;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * A child without R: every message the driver sends goes to a script that answers by queueing
 * events, as the runtime would. Thread-safe enough for one driver plus tool threads.
 */
final class FakeChild implements ChildLink {
    final List<HostMessage> sent = new ArrayList<>();
    final LinkedBlockingQueue<ChildEvent> events = new LinkedBlockingQueue<>();
    int interrupts;
    boolean closed;
    OutputSink sink;
    private final BiConsumer<FakeChild, HostMessage> script;

    FakeChild(BiConsumer<FakeChild, HostMessage> script) {
        this.script = script;
    }

    /** The runtime's usual answer to an execute: the fence, then this message. */
    void finish(HostMessage.Execute ex, ChildMessage terminal) {
        events.add(new ChildEvent.Fenced(ex.fence()));
        message(terminal);
    }

    void message(ChildMessage m) {
        events.add(new ChildEvent.Message(m));
    }

    static ChildMessage.Result value(long exec, String json) {
        try {
            return new ChildMessage.Result(exec, new com.fasterxml.jackson.databind.ObjectMapper().readTree(json), false,
                    true, List.of("numeric"));
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    static ChildMessage.ToolCall toolCall(long exec, long call, String tool, ObjectNode args) {
        return new ChildMessage.ToolCall(exec, call, tool, args);
    }

    static ObjectNode args() {
        return JsonNodeFactory.instance.objectNode();
    }

    /** What the driver streamed on the bulk channel. */
    final java.io.ByteArrayOutputStream bulk = new java.io.ByteArrayOutputStream();

    @Override
    public java.io.OutputStream bulkInput() {
        return bulk;
    }

    @Override
    public synchronized void send(HostMessage message) throws IOException {
        if (closed) {
            throw new IOException("closed");
        }
        sent.add(message);
        script.accept(this, message);
    }

    synchronized List<HostMessage> sent() {
        return List.copyOf(sent);
    }

    @Override
    public ChildEvent next(long deadline) throws InterruptedException {
        if (deadline == Long.MAX_VALUE) {
            ChildEvent e = events.poll(10, TimeUnit.SECONDS);
            if (e == null) {
                throw new AssertionError("the driver waited 10 s for an event the script never sent");
            }
            return e;
        }
        return events.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    }

    @Override
    public ChildEvent poll() {
        return events.poll();
    }

    @Override
    public void attachOutput(OutputSink s) {
        sink = s;
    }

    @Override
    public void detachOutput() {
        sink = null;
    }

    @Override
    public void postToolDone(ChildEvent.ToolDone done) {
        events.add(done);
    }

    @Override
    public synchronized boolean interrupt() {
        interrupts++;
        return true;
    }

    @Override
    public synchronized void close() {
        closed = true;
    }
}
