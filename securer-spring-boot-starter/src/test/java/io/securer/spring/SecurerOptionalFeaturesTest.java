package io.securer.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.securer.SessionConfig;
import io.securer.micrometer.ObservationSessionListener;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * What the starter adds when the application has Micrometer observation or Actuator, and the
 * property metadata it ships for IDEs. No R code runs.
 */
class SecurerOptionalFeaturesTest {
    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(SecurerAutoConfiguration.class,
                    SecurerObservationAutoConfiguration.class, SecurerHealthAutoConfiguration.class));

    @Test
    void anObservationRegistryBeanGetsTheObservationListenerOnEverySession() {
        runner.withBean(ObservationRegistry.class, TestObservationRegistry::create).run(context -> {
            assertThat(context).hasSingleBean(ObservationSessionListener.class);
            assertThat(context.getBean(SessionConfig.class).listeners())
                    .contains(context.getBean(ObservationSessionListener.class));
        });
    }

    @Test
    void withoutAnObservationRegistryThereIsNoObservationListener() {
        runner.run(context -> assertThat(context).doesNotHaveBean(ObservationSessionListener.class));
    }

    @Test
    void withoutTheMicrometerModuleThereIsNoObservationListener() {
        runner.withClassLoader(new FilteredClassLoader(ObservationSessionListener.class))
                .withBean(ObservationRegistry.class, TestObservationRegistry::create)
                .run(context -> {
                    assertThat(context).hasNotFailed().doesNotHaveBean(ObservationSessionListener.class);
                    assertThat(context).hasSingleBean(SessionConfig.class);
                });
    }

    @Test
    void theHealthIndicatorReportsTheSandboxAndTheSessions() {
        runner.run(context -> {
            assertThat(context).hasBean("securerHealthIndicator");
            Health health = context.getBean("securerHealthIndicator", HealthIndicator.class).health();
            assertEquals(Status.UP, health.getStatus());
            Map<String, Object> expected = new TreeMap<>(Map.of("sandbox", "bubblewrap", "sandboxRequested", true,
                    "strict", true, "liveSessions", 0, "unsandboxedSessions", 0, "maxSessions", 32));
            assertEquals(expected, new TreeMap<>(health.getDetails()));
        });
    }

    @Test
    void withoutTheSandboxTheHealthIndicatorSaysSo() {
        runner.withPropertyValues("securer.sandbox.enabled=false", "securer.sessions.max=4").run(context -> {
            Health health = context.getBean("securerHealthIndicator", HealthIndicator.class).health();
            assertEquals(Status.UP, health.getStatus());
            assertEquals("none", health.getDetails().get("sandbox"));
            assertEquals(false, health.getDetails().get("sandboxRequested"));
            assertEquals(4, health.getDetails().get("maxSessions"));
        });
    }

    @Test
    void withoutActuatorOrWhenDisabledThereIsNoHealthIndicator() {
        runner.withClassLoader(new FilteredClassLoader(HealthIndicator.class)).run(context ->
                assertThat(context).hasNotFailed().doesNotHaveBean("securerHealthIndicator"));
        runner.withPropertyValues("management.health.securer.enabled=false").run(context ->
                assertThat(context).doesNotHaveBean("securerHealthIndicator"));
    }

    @Test
    void everySecurerPropertyHasMetadataWithADescription() throws Exception {
        JsonNode metadata;
        try (InputStream in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
            metadata = new ObjectMapper().readTree(in);
        }
        Map<String, String> defaults = new LinkedHashMap<>();
        for (JsonNode p : metadata.get("properties")) {
            assertThat(p.path("description").asText()).as(p.get("name").asText()).isNotBlank();
            defaults.put(p.get("name").asText(), p.path("defaultValue").asText(null));
        }
        Map<String, String> expected = new TreeMap<>();
        expected.put("securer.enabled", "true");
        expected.put("securer.timeout", "30s");
        expected.put("securer.max-tool-calls", null);
        expected.put("securer.sanitize-errors", "true");
        expected.put("securer.audit-log", null);
        expected.put("securer.tool-beans", null);
        expected.put("securer.sandbox.enabled", "true");
        expected.put("securer.sandbox.strict", "true");
        expected.put("securer.limits.cpu-seconds", null);
        expected.put("securer.limits.memory", null);
        expected.put("securer.limits.file-size", null);
        expected.put("securer.limits.processes", null);
        expected.put("securer.limits.open-files", null);
        expected.put("securer.sessions.max", "32");
        expected.put("securer.sessions.idle-timeout", "10m");
        expected.put("securer.sessions.warm", "1");
        expected.put("securer.sessions.autosave-max-size", "16MB");
        expected.put("securer.plots.format", "png");
        expected.put("securer.plots.width", "800");
        expected.put("securer.plots.height", "600");
        expected.put("securer.plots.resolution", "96");
        expected.put("securer.plots.images-to-model", "false");
        assertEquals(expected, new TreeMap<>(defaults));
    }
}
