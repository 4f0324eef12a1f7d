package io.securer.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.securer.SecureSession;
import io.securer.langchain4j.RCodeTool;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two application replicas (two RCodeTools, each with its own RedisSessionStore client) share one
 * real redis-server: a chat moves from one to the other with its variables, chats stay apart, and
 * a Redis that goes away is a note to the model, not a failure.
 */
class RedisChatHandoverIT {
    @TempDir
    Path tmp;

    private static RCodeTool replica(RedisSessionStore store) {
        return RCodeTool.builder().sessionPerMemoryId(SecureSession.builder().sandbox(true).sandboxStrict(true))
                .sessionStore(store).warmSessions(0).timeout(Duration.ofSeconds(30)).build();
    }

    @Test
    void aChatMovesToAnotherReplicaWithItsVariablesAndChatsStayApart() throws Exception {
        RedisServer server = RedisServer.start(tmp);
        try (RedisSessionStore storeA = RedisSessionStore.builder(server.uri()).commandTimeout(Duration.ofSeconds(1)).build();
             RedisSessionStore storeB = RedisSessionStore.builder(server.uri()).commandTimeout(Duration.ofSeconds(1)).build();
             RCodeTool a = replica(storeA);
             RCodeTool b = replica(storeB)) {
            assertEquals("[1] 3", a.runRCode("user-1", "fit <- lm(y ~ x, data.frame(x = 1:10, y = 3 * (1:10))); "
                    + "round(coef(fit)[['x']])"));
            assertEquals("[1] \"two\"", a.runRCode("user-2", "who <- 'two'; who"));
            // saved after each successful call: replica B picks both chats up where A left them
            assertEquals("[1] 3", b.runRCode("user-1", "round(coef(fit)[['x']])"));
            assertEquals("[1] FALSE", b.runRCode("user-1", "exists('who')"));
            assertEquals("[1] \"two\"", b.runRCode("user-2", "who"));
            server.stop();
            String text = b.runRCode("user-2", "paste(who, 'still here')");
            assertTrue(text.startsWith("Note: the variables could not be saved (the session store failed: "), text);
            assertTrue(text.endsWith("[1] \"two still here\""), text);
        } finally {
            server.stop();
        }
    }
}
