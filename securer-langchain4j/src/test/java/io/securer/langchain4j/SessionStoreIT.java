package io.securer.langchain4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.securer.FileSessionStore;
import io.securer.InMemorySessionStore;
import io.securer.SecureSession;
import io.securer.SessionSnapshot;
import io.securer.SessionStore;
import io.securer.SessionStoreException;
import io.securer.WarmSessions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Chats whose R state survives eviction, restarts and replicas through a SessionStore (sandboxed R). */
class SessionStoreIT {

    private static RCodeTool tool(SessionStore store, int maxSessions, Duration timeout) {
        return RCodeTool.builder().sessionPerMemoryId(SecureSession.builder().sandbox(true).sandboxStrict(true))
                .sessionStore(store).maxSessions(maxSessions).timeout(timeout).warmSessions(0).build();
    }

    @Test
    void twoReplicasSharingAFileStoreHandAChatOverAndKeepChatsApart(@TempDir Path dir) {
        FileSessionStore store = new FileSessionStore(dir);
        try (RCodeTool replicaA = tool(store, 4, Duration.ofSeconds(30))) {
            assertEquals("[1] 42", replicaA.runRCode("alice", "x <- 42; x"));
            assertEquals("[1] \"bob's\"", replicaA.runRCode("bob", "x <- \"bob's\"; x"));
        }
        // replica A is gone (its sessions saved when it closed); replica B serves both chats
        try (RCodeTool replicaB = tool(store, 4, Duration.ofSeconds(30))) {
            assertEquals("[1] 43", replicaB.runRCode("alice", "x + 1"));
            assertEquals("[1] \"bob's\"", replicaB.runRCode("bob", "x"));
        }
    }

    @Test
    void aChatEvictedForAnotherComesBackWithItsVariables() {
        InMemorySessionStore store = new InMemorySessionStore();
        try (RCodeTool t = tool(store, 1, Duration.ofSeconds(30))) {
            assertEquals("[1] 10", t.runRCode("a", "counter <- local({ n <- 9; function() { n <<- n + 1; n } }); counter()"));
            assertEquals("[1] \"b\"", t.runRCode("b", "y <- 'b'; y")); // evicts chat a's session (the cap is 1)
            assertEquals("[1] 11", t.runRCode("a", "counter()"));
            assertEquals("[1] FALSE", t.runRCode("a", "exists('y')"));
        }
    }

    @Test
    void aTimeoutKillKeepsTheLastGoodStateAndTheModelIsToldSo() {
        try (RCodeTool t = tool(new InMemorySessionStore(), 4, Duration.ofSeconds(1))) {
            assertEquals("[1] 1", t.runRCode("c", "kept <- 1; kept"));
            // system() waits for sleep without answering the interrupt: the session is killed
            String text = t.runRCode("c", "kept <- 99; system('sleep 20')");
            assertEquals("Timed out after 1 s; R did not respond to the interrupt, so "
                    + ToolResultText.STATE_RESTORED + ". Make the code faster or work on less data.", text);
            assertEquals("[1] 1", t.runRCode("c", "kept"));
        }
    }

    @Test
    void aCrashRestoresTheLastGoodState() {
        try (RCodeTool t = tool(new InMemorySessionStore(), 4, Duration.ofSeconds(30))) {
            t.runRCode("d", "v <- c(1, 2, 3)");
            String text = t.runRCode("d", "v <- 0; tools::pskill(Sys.getpid(), 9)");
            assertTrue(text.contains(ToolResultText.STATE_RESTORED), text);
            assertEquals("[1] 6", t.runRCode("d", "sum(v)"));
        }
    }

    /** A store that fails every operation, as Redis does when it is down. */
    static final class DownStore implements SessionStore {
        @Override
        public void save(String key, SessionSnapshot snapshot) {
            throw new SessionStoreException("redis at 127.0.0.1:6379 did not answer within 2 s");
        }

        @Override
        public Optional<SessionSnapshot> load(String key) {
            throw new SessionStoreException("redis at 127.0.0.1:6379 did not answer within 2 s");
        }

        @Override
        public void delete(String key) {
            throw new SessionStoreException("redis at 127.0.0.1:6379 did not answer within 2 s");
        }
    }

    @Test
    void aStoreThatIsDownGivesTheModelANoteAndNeverFailsTheCall() {
        try (RCodeTool t = tool(new DownStore(), 4, Duration.ofSeconds(30))) {
            String first = t.runRCode("e", "1 + 1");
            // (the text is sanitized: the store's address is masked)
            assertEquals("Note: the variables of earlier calls could not be restored (the session store failed: redis at "
                    + "<address> did not answer within 2 s).\n"
                    + "Note: the variables could not be saved (the session store failed: redis at <address> did not "
                    + "answer within 2 s); they last only as long as this R session.\n[1] 2", first);
        }
    }

    @Test
    void aCorruptOrOversizedEntryIsReportedAndTheChatGoesOn(@TempDir Path dir) throws Exception {
        FileSessionStore store = new FileSessionStore(dir);
        try (RCodeTool t = tool(store, 4, Duration.ofSeconds(30))) {
            t.runRCode("f", "z <- 5");
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : files.toList()) {
                Files.write(p, "not a snapshot".getBytes());
            }
        }
        try (RCodeTool t = tool(store, 4, Duration.ofSeconds(30))) {
            String text = t.runRCode("f", "exists('z')");
            assertTrue(text.startsWith("Note: the variables of earlier calls could not be restored ("), text);
            assertTrue(text.endsWith("[1] FALSE"), text);
        }
        FileSessionStore tiny = new FileSessionStore(dir.resolve("tiny"), 64);
        try (RCodeTool t = tool(tiny, 4, Duration.ofSeconds(30))) {
            String text = t.runRCode("g", "w <- runif(100); length(w)");
            assertTrue(text.startsWith("Note: the variables could not be saved (the session store failed: "), text);
            assertTrue(text.endsWith("[1] 100"), text);
        }
    }

    @Test
    void aNewChatTakesAWarmSpare() throws Exception {
        try (RCodeTool t = RCodeTool.builder().sessionPerMemoryId(SecureSession.builder().sandbox(true).sandboxStrict(true))
                .warmSessions(1).build()) {
            WarmSessions spares = ((PerMemoryIdSessionSource) t.source()).spares();
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (spares.ready() < 1 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertEquals(1, spares.ready());
            assertEquals("[1] 2", t.runRCode("new-chat", "1 + 1"));
            // the spare was taken and a new one is being started
            while (spares.ready() < 1 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertEquals(1, spares.ready());
        }
    }
}
