package io.securer;

import io.securer.engine.ChildEvent;
import io.securer.engine.ChildLink;
import io.securer.engine.ExitCause;
import io.securer.engine.HostMessage;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * The failure handling every exchange with a child shares: sending, waiting for events, and
 * turning a dead child, a closed session or a protocol violation into the right exception after
 * replacing the child. Used under the session lock, by one thread at a time.
 */
class Conversation {
    private static final String RESTARTED = "; the session was restarted and its state is lost";
    final ExecutionHost host;

    Conversation(ExecutionHost host) {
        this.host = host;
    }

    /** Waits for the next event until {@code deadline}; null when it passes. */
    ChildEvent take(ChildLink child, long deadline) {
        try {
            return child.next(deadline);
        } catch (InterruptedException e) {
            // The caller gave up: the child may be mid-execution, so it cannot be reused as is.
            Thread.currentThread().interrupt();
            child.close();
            host.replaceChild("the caller's thread was interrupted");
            throw new SecurerException("interrupted while waiting for R; the child was stopped and will be replaced", e)
                    .restarted(true);
        }
    }

    /** Events left over from earlier (late fences, late tools); anything else is a broken child. */
    void drainStale(ChildLink child) {
        ChildEvent ev;
        while ((ev = child.poll()) != null) {
            if (ev instanceof ChildEvent.Fenced || ev instanceof ChildEvent.ToolDone) {
                continue;
            }
            throw unexpected(child, ev, "idle time");
        }
    }

    void send(ChildLink child, HostMessage m) {
        try {
            child.send(m);
        } catch (IOException e) {
            if (host.isClosed()) {
                throw new SessionClosedException("session " + host.sessionId() + " is closed");
            }
            Optional<ExitCause> cause = closeAndExplain(child);
            restartAfter(child, cause.map(Conversation::text).orElse("lost the connection to R: " + e.getMessage()));
            throw new RExecutionException(cause.map(c -> text(c) + RESTARTED).orElse("lost the connection to the R process ("
                    + e.getMessage() + ")" + RESTARTED), null, List.of(), List.of(), true);
        }
    }

    /** The exception for an event that should not have come now; replaces the child where needed. */
    SecurerException unexpected(ChildLink child, ChildEvent ev, String during) {
        if (ev instanceof ChildEvent.Violation v) {
            restartAfter(child, "protocol violation: " + v.error().getMessage());
            return new IpcProtocolException(v.error().getMessage(), v.error()).restarted(true);
        }
        if (ev instanceof ChildEvent.Exited || ev instanceof ChildEvent.SocketClosed) {
            if (host.isClosed()) {
                return new SessionClosedException("session " + host.sessionId() + " was closed during " + during);
            }
            String status = ev instanceof ChildEvent.Exited e ? " (exit status " + e.status() + ")" : "";
            Optional<ExitCause> cause = closeAndExplain(child);
            if (cause.isPresent()) {
                String text = "R " + cause.get().what() + " during " + during + ": " + cause.get().detail();
                restartAfter(child, text);
                return new RExecutionException(text + RESTARTED, null, List.of(), List.of(), true);
            }
            restartAfter(child, "R process exited during " + during + status);
            return new RExecutionException("the R process exited during " + during + status
                    + RESTARTED, null, List.of(), List.of(), true);
        }
        if (ev instanceof ChildEvent.OutputFailed f) {
            restartAfter(child, "reading R's output failed: " + f.error());
            return new SecurerException("reading R's output failed (" + f.error()
                    + "); the session was restarted and its state is lost").restarted(true);
        }
        if (ev instanceof ChildEvent.Message m) {
            return violation(child, "unexpected " + m.message().getClass().getSimpleName() + " during " + during);
        }
        return violation(child, "unexpected event " + ev + " during " + during);
    }

    /**
     * Closes a child that died (so its output is read to the end and its processes are gone) and
     * asks it why it died.
     */
    private static Optional<ExitCause> closeAndExplain(ChildLink child) {
        child.close();
        return child.exitCause();
    }

    private static String text(ExitCause cause) {
        return "R " + cause.what() + ": " + cause.detail();
    }

    IpcProtocolException violation(ChildLink child, String what) {
        IpcProtocolException e = new IpcProtocolException("child broke the protocol: " + what);
        restartAfter(child, e.getMessage());
        e.restarted(true);
        return e;
    }

    void restartAfter(ChildLink child, String why) {
        child.close();
        if (!host.isClosed()) {
            host.replaceChild(why);
        }
    }
}
