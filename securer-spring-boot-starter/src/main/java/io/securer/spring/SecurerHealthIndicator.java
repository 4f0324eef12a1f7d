package io.securer.spring;

import io.securer.SandboxMode;
import io.securer.SessionConfig;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;

/**
 * Health of the starter's R sessions, as {@code securer} under {@code /actuator/health}: the
 * sandbox sessions get on this machine, whether it was asked for and required, and how many
 * sessions are alive out of the most allowed. DOWN when a strict sandbox cannot be had (every
 * chat's R would refuse to start); UP otherwise, with {@code sandbox: none} when R runs without one.
 */
public class SecurerHealthIndicator implements HealthIndicator {
    private final SessionConfig config;
    private final SecurerSessionTracker tracker;
    private final SecurerProperties properties;

    public SecurerHealthIndicator(SessionConfig config, SecurerSessionTracker tracker, SecurerProperties properties) {
        this.config = config;
        this.tracker = tracker;
        this.properties = properties;
    }

    @Override
    public Health health() {
        SandboxMode mode = config.expectedSandboxMode();
        boolean refused = config.sandbox() && config.sandboxStrict() && mode == SandboxMode.NONE;
        return (refused ? Health.down() : Health.up())
                .withDetail("sandbox", mode.label())
                .withDetail("sandboxRequested", config.sandbox())
                .withDetail("strict", config.sandboxStrict())
                .withDetail("liveSessions", tracker.liveSessions())
                .withDetail("unsandboxedSessions", tracker.unsandboxedSessions())
                .withDetail("maxSessions", properties.getSessions().getMax())
                .build();
    }
}
