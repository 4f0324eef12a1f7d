package io.securer.spring;

import io.securer.SessionConfig;
import org.springframework.boot.actuate.autoconfigure.health.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * The {@code securer} health indicator, when Actuator is on the classpath and
 * {@code management.health.securer.enabled} is not false.
 */
@AutoConfiguration(after = SecurerAutoConfiguration.class)
@ConditionalOnClass({HealthIndicator.class, ConditionalOnEnabledHealthIndicator.class})
@ConditionalOnBean({SessionConfig.class, SecurerSessionTracker.class, SecurerProperties.class})
@ConditionalOnEnabledHealthIndicator("securer")
public class SecurerHealthAutoConfiguration {

    /** Reports the sandbox and the live sessions. */
    @Bean
    @ConditionalOnMissingBean(name = "securerHealthIndicator")
    public SecurerHealthIndicator securerHealthIndicator(SessionConfig config, SecurerSessionTracker tracker,
                                                         SecurerProperties properties) {
        return new SecurerHealthIndicator(config, tracker, properties);
    }
}
