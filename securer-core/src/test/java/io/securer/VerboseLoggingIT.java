package io.securer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** verbose(true) puts lifecycle and tool calls on INFO; otherwise they stay on DEBUG. */
class VerboseLoggingIT {

    @BeforeAll
    static void prerequisites() {
        RTestSupport.requireR();
    }

    private static List<ILoggingEvent> capture(boolean verbose) {
        Logger logger = (Logger) LoggerFactory.getLogger(SecureSession.class);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        Level old = logger.getLevel();
        logger.setLevel(Level.DEBUG);
        try (SecureSession s = SecureSession.builder().verbose(verbose).tool(RTestSupport.add()).build()) {
            s.execute("add(1, 2)");
        } finally {
            logger.detachAppender(appender);
            logger.setLevel(old);
        }
        return appender.list;
    }

    @Test
    void verboseLogsAtInfo() {
        List<ILoggingEvent> events = capture(true);
        List<String> info = events.stream().filter(e -> e.getLevel() == Level.INFO).map(ILoggingEvent::getFormattedMessage).toList();
        assertTrue(info.stream().anyMatch(m -> m.matches("session \\w+ started: pid \\d+, sandbox none")), info.toString());
        assertTrue(info.stream().anyMatch(m -> m.matches("session \\w+ tool call add\\(\\{\"a\":1,\"b\":2}\\)")), info.toString());
        assertTrue(info.stream().anyMatch(m -> m.matches("session \\w+ tool result #1: ok")), info.toString());
        assertTrue(info.stream().anyMatch(m -> m.matches("session \\w+ closed")), info.toString());
    }

    @Test
    void quietLogsAtDebug() {
        List<ILoggingEvent> events = capture(false);
        assertEquals(0, events.stream().filter(e -> e.getLevel().isGreaterOrEqual(Level.INFO)).count());
        assertTrue(events.stream().anyMatch(e -> e.getLevel() == Level.DEBUG
                && e.getFormattedMessage().matches("session \\w+ tool call add\\(\\{\"a\":1,\"b\":2}\\)")));
    }
}
