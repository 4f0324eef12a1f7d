package io.securer.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.securer.ArgType;
import io.securer.ExecutionResult;
import io.securer.RExecutionException;
import io.securer.SecureSession;
import io.securer.SecurerTool;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * R strings need not be valid UTF-8. Bytes that are not travel in values, names, classes, errors,
 * output and tool arguments; none of them may cost the session (the host refuses a message that
 * is not UTF-8, so the runtime escapes bad bytes as \xNN first). Hostile raw bytes written to the
 * socket directly are ProtocolAttackIT's business.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InvalidUtf8AttackIT {
    /** R: "a", the byte 0xff (never valid in UTF-8), "b". */
    private static final String BAD = "rawToChar(as.raw(c(0x61, 0xff, 0x62)))";

    private final List<String> echoed = Collections.synchronizedList(new ArrayList<>());
    private SecureSession s;

    @BeforeAll
    void start() {
        SecurerTool echo = SecurerTool.builder("echo").arg("text", ArgType.CHARACTER)
                .handler(a -> {
                    echoed.add(a.getString("text"));
                    return a.getString("text");
                }).build();
        s = SecurityFixtures.sandboxed(SecureSession.builder().tool(echo));
    }

    @AfterAll
    void stop() {
        if (s != null) {
            s.close();
        }
    }

    private void sameChild() {
        ExecutionResult r = s.execute("'still here'");
        assertEquals("still here", r.value().asText());
        assertFalse(r.sessionRestarted());
    }

    @Test
    void valuesNamesAndClassesAreEscaped() {
        ExecutionResult r = s.execute("bad <- " + BAD + "; bad");
        assertEquals("a\\xffb", r.value().asText());
        assertFalse(r.sessionRestarted());
        ExecutionResult named = s.execute("structure(list(x = 1, y = bad), names = c(bad, 'ok'), class = c(bad, 'list'))");
        assertEquals("{\"a\\\\xffb\":1,\"ok\":\"a\\\\xffb\"}", named.value().toString());
        assertEquals(List.of("a\\xffb", "list"), named.rClass());
        ExecutionResult frame = s.execute("data.frame(v = c(bad, 'z'), stringsAsFactors = TRUE)");
        assertEquals("[{\"v\":\"a\\\\xffb\"},{\"v\":\"z\"}]", frame.value().toString());
        sameChild();
    }

    @Test
    void outputAndPrintedFormsKeepTheSessionAlive() {
        ExecutionResult r = s.execute("cat(" + BAD + ", '\\n'); message(" + BAD + "); warning(" + BAD + "); " + BAD);
        assertEquals("a\uFFFDb ", r.output().get(0), "bad bytes in the output pipe decode as U+FFFD");
        assertEquals("a\uFFFDb", r.output().get(1));
        assertTrue(r.output().contains("a\uFFFDb"), r.output().toString());
        assertEquals("[1] \"a\\xffb\"", r.printed(), "R's own print escapes the byte");
        sameChild();
    }

    @Test
    void errorsAreEscaped() {
        RExecutionException e = assertThrows(RExecutionException.class, () -> s.execute("stop(" + BAD + ")"));
        assertEquals("a\\xffb", e.rMessage());
        assertFalse(e.sessionRestarted());
        RExecutionException call = assertThrows(RExecutionException.class,
                () -> s.execute("f <- function(x) stop('no'); eval(as.call(list(as.name('f'), " + BAD + ")))"));
        assertEquals("f(\"a\\xffb\")", call.rCall());
        sameChild();
    }

    /** Messages are cut at 10 000 characters; R cannot count characters in bad bytes, so they are escaped first. */
    @Test
    void longErrorsAreEscapedThenCut() {
        RExecutionException e = assertThrows(RExecutionException.class, () -> s.execute("stop(strrep(" + BAD + ", 5000))"));
        assertEquals("a\\xffb".repeat(1666) + "a\\xf [truncated]", e.rMessage());
        assertFalse(e.sessionRestarted());
        // A condition whose message is marked as bytes: R counts and cuts it in bytes.
        RExecutionException bytes = assertThrows(RExecutionException.class, () -> s.execute("m <- strrep('\u00e9', 6000); "
                + "Encoding(m) <- 'bytes'; stop(structure(class = c('error', 'condition'), list(message = m, call = NULL)))"));
        assertEquals("\u00e9".repeat(5000) + " [truncated]", bytes.rMessage());
        sameChild();
    }

    @Test
    void toolArgumentsAreEscapedBeforeTheyLeaveR() {
        echoed.clear();
        ExecutionResult r = s.execute("echo(" + BAD + ")");
        assertEquals(List.of("a\\xffb"), echoed);
        assertEquals("a\\xffb", r.value().asText());
        ExecutionResult list = s.execute("echo(paste0(" + BAD + ", rawToChar(as.raw(c(0xc3, 0x28)))))");
        assertEquals("a\\xffb\\xc3(", list.value().asText());
        sameChild();
    }

    @Test
    void latin1AndByteStringsToo() {
        assertEquals("é", s.execute("iconv('é', 'UTF-8', 'latin1')").value().asText());
        assertEquals("é", s.execute("x <- 'é'; Encoding(x) <- 'bytes'; x").value().asText(), "valid bytes stay as they are");
        sameChild();
    }
}
