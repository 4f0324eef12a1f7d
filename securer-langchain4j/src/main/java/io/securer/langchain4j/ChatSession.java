package io.securer.langchain4j;

import io.securer.ExecuteOptions;
import io.securer.ExecutionResult;
import io.securer.SecureSession;
import io.securer.SecurerException;
import io.securer.SessionSnapshot;
import io.securer.SessionStore;
import io.securer.SnapshotException;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One chat's R session, and with a {@link SessionStore} its saved workspace: restored when the
 * chat gets a new session (after eviction, on another replica), saved after each successful call
 * while the workspace is small (up to {@code autosaveBytes}; a larger one removes the saved copy,
 * which would be out of date) and when the session is closed; and restored at once when a call's
 * failure replaced the R process. Store failures never fail a call: they become a note for the
 * model. Closing saves, then ends the session.
 */
final class ChatSession implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ChatSession.class);

    /** The outcome of one call and what the model must be told about the chat's state. */
    record Call(ExecutionResult result, RuntimeException failure, StateNote note) {
    }

    private final String key;
    private final SecureSession session;
    private final SessionStore store;
    private final long autosaveBytes;
    /** A note from opening (a failed restore) for the first call to pass on. */
    private StateNote pending;

    private ChatSession(String key, SecureSession session, SessionStore store, long autosaveBytes) {
        this.key = key;
        this.session = session;
        this.store = store;
        this.autosaveBytes = autosaveBytes;
    }

    /** A session for chat {@code memoryId}, with the chat's saved workspace if the store has one. */
    static ChatSession open(Object memoryId, Supplier<SecureSession> starter, SessionStore store, long autosaveBytes) {
        ChatSession chat = new ChatSession(String.valueOf(memoryId), starter.get(), store, autosaveBytes);
        if (store != null) {
            String problem = chat.restoreSaved();
            if (problem != null) {
                chat.pending = StateNote.problem("the variables of earlier calls could not be restored (" + problem + ")");
            }
        }
        return chat;
    }

    synchronized Call execute(String code, ExecuteOptions options) {
        StateNote note = pending == null ? StateNote.NONE : pending;
        pending = null;
        if (store != null && !session.isAlive()) {
            // the R process died since the last call: put the saved workspace back before running
            note = note.and(afterRestart());
        }
        try {
            ExecutionResult r = session.execute(code, options);
            if (store != null) {
                note = note.and(autosave());
            }
            return new Call(r, null, note);
        } catch (SecurerException e) {
            if (store != null && e.sessionRestarted()) {
                note = note.and(afterRestart());
            }
            return new Call(null, e, note);
        } catch (RuntimeException e) {
            return new Call(null, e, note);
        }
    }

    private StateNote afterRestart() {
        String problem = restoreSaved();
        return problem == null ? StateNote.RESTORED
                : StateNote.problem("the saved variables could not be restored (" + problem + ")");
    }

    /** Restores the stored workspace, if any; null on success or when nothing was stored, else why not. */
    private String restoreSaved() {
        Optional<SessionSnapshot> saved;
        try {
            saved = store.load(key);
        } catch (RuntimeException e) {
            LOG.warn("loading the saved R workspace of chat {} failed: {}", key, e.getMessage());
            return "the session store failed: " + e.getMessage();
        }
        if (saved.isEmpty()) {
            return null;
        }
        try {
            session.restore(saved.get());
            return null;
        } catch (RuntimeException e) {
            LOG.warn("restoring the saved R workspace of chat {} failed: {}", key, e.getMessage());
            return e.getMessage();
        }
    }

    private StateNote autosave() {
        SessionSnapshot snap;
        try {
            snap = session.snapshot(autosaveBytes);
        } catch (SnapshotException e) {
            // too large to save after every call: drop the saved copy rather than restore an old one
            try {
                store.delete(key);
            } catch (RuntimeException ignored) {
                // the next save or eviction tries again
            }
            return StateNote.NONE;
        } catch (RuntimeException e) {
            return StateNote.problem("the variables could not be saved (" + e.getMessage() + ")");
        }
        try {
            store.save(key, snap);
            return StateNote.NONE;
        } catch (RuntimeException e) {
            LOG.warn("saving the R workspace of chat {} failed: {}", key, e.getMessage());
            return StateNote.problem("the variables could not be saved (the session store failed: " + e.getMessage()
                    + "); they last only as long as this R session");
        }
    }

    boolean isAlive() {
        return session.isAlive();
    }

    /** Saves the workspace (whatever its size, within the session's transfer cap), then ends the session. */
    @Override
    public synchronized void close() {
        try {
            if (store != null && session.isAlive()) {
                store.save(key, session.snapshot());
            }
        } catch (RuntimeException e) {
            LOG.warn("saving the R workspace of chat {} before closing its session failed: {}", key, e.getMessage());
        } finally {
            session.close();
        }
    }
}
