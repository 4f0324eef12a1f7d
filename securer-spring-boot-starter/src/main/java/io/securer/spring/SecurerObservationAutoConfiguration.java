package io.securer.spring;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.securer.micrometer.ObservationSessionListener;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;

/**
 * With {@code securer-micrometer} on the classpath and an {@link ObservationRegistry} bean (Spring
 * Boot Actuator makes one), observes every R session the starter configures: the listener is a
 * {@code SessionListener} bean, so {@link SecurerAutoConfiguration} adds it to the sessions. The
 * session start timer goes to the {@link MeterRegistry} when there is exactly one.
 */
@AutoConfiguration(afterName = "org.springframework.boot.actuate.autoconfigure.observation.ObservationAutoConfiguration")
@ConditionalOnClass({ObservationSessionListener.class, ObservationRegistry.class})
@ConditionalOnBean(ObservationRegistry.class)
@ConditionalOnProperty(prefix = "securer", name = "enabled", matchIfMissing = true)
public class SecurerObservationAutoConfiguration {

    /** Turns session events into {@code securer.execute} and {@code securer.tool.call} observations. */
    @Bean
    @ConditionalOnMissingBean
    public ObservationSessionListener securerObservationListener(ObservationRegistry registry,
                                                                 ObjectProvider<MeterRegistry> meters) {
        return new ObservationSessionListener(registry, meters.getIfUnique());
    }
}
