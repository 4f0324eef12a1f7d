package io.securer.spring;

import io.securer.SecureSession;
import io.securer.SessionConfig;
import io.securer.SessionListener;
import io.securer.SessionStore;
import io.securer.langchain4j.PlotListener;
import io.securer.langchain4j.RCodeTool;
import io.securer.langchain4j.RCodeToolProvider;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * The {@code run_r_code} tool for a Spring Boot application: a sandboxed {@link RCodeTool} with
 * one R session per chat memory id, the {@link SessionConfig} its sessions are built from, and a
 * {@link RCodeToolProvider} for {@code AiServices}, all from {@link SecurerProperties}. Every bean
 * backs off when the application defines one of its type. The tool is closed with the context,
 * and with it every R session it started.
 *
 * <p>The sessions get the host tools of the application's {@code SecurerTool} beans and
 * {@link RTools @RTools} beans, every {@link SessionListener} bean (among them the
 * {@link SecurerSessionTracker} and, with {@code securer-micrometer}, the observation listener),
 * then each {@link SessionConfigCustomizer}. A single {@link SessionStore} bean keeps each chat's
 * workspace across evictions, restarts and replicas; a single {@link PlotListener} bean receives
 * the plots R draws, to show them to the user.
 */
@AutoConfiguration
@ConditionalOnClass(RCodeTool.class)
@ConditionalOnProperty(prefix = "securer", name = "enabled", matchIfMissing = true)
@EnableConfigurationProperties(SecurerProperties.class)
public class SecurerAutoConfiguration {

    /** Counts live sessions for the health indicator. */
    @Bean
    @ConditionalOnMissingBean
    public SecurerSessionTracker securerSessionTracker() {
        return new SecurerSessionTracker();
    }

    /** The settings of every R session the starter's tool starts. */
    @Bean
    @ConditionalOnMissingBean
    public SessionConfig securerSessionConfig(SecurerProperties properties, ListableBeanFactory beans,
                                              ObjectProvider<SessionListener> listeners,
                                              ObjectProvider<SessionConfigCustomizer> customizers) {
        SecurerProperties.Sandbox sandbox = properties.getSandbox();
        SecureSession.Builder b = SecureSession.builder()
                .sandbox(sandbox.isEnabled())
                .sandboxStrict(sandbox.isStrict())
                .sanitizeErrors(properties.isSanitizeErrors())
                .auditLog(properties.getAuditLog())
                .plotSize(properties.getPlots().getWidth(), properties.getPlots().getHeight())
                .plotResolution(properties.getPlots().getResolution())
                .plotFormat(properties.getPlots().getFormat());
        if (properties.getLimits().anySet()) {
            b.limits(properties.getLimits().toResourceLimits(sandbox.isEnabled()));
        }
        b.tools(HostTools.collect(beans, properties.getToolBeans()));
        listeners.orderedStream().forEach(b::listener);
        customizers.orderedStream().forEach(c -> c.customize(b));
        return b.config();
    }

    /**
     * {@code run_r_code} with one session per chat memory id, built from {@code config} (whose
     * sandbox setting it keeps). Closed with the context.
     */
    @Bean
    @ConditionalOnMissingBean
    public RCodeTool rCodeTool(SessionConfig config, SecurerProperties properties, ObjectProvider<SessionStore> stores,
                               ObjectProvider<PlotListener> plotListeners) {
        RCodeTool.Builder b = RCodeTool.builder()
                .sessionPerMemoryId(config)
                .sandbox(config.sandbox())
                .timeout(properties.getTimeout())
                .maxToolCalls(properties.getMaxToolCalls())
                .maxSessions(properties.getSessions().getMax())
                .idleTimeout(properties.getSessions().getIdleTimeout())
                .warmSessions(properties.getSessions().getWarm())
                .imagesToModel(properties.getPlots().isImagesToModel());
        SessionStore store = stores.getIfUnique();
        if (store != null) {
            b.sessionStore(store).autosaveMaxBytes(properties.getSessions().getAutosaveMaxSize().toBytes());
        }
        PlotListener listener = plotListeners.getIfUnique();
        if (listener != null) {
            b.plotListener(listener);
        }
        return b.build();
    }

    /** Offers {@code run_r_code} with the description that lists the host functions. */
    @Bean
    @ConditionalOnMissingBean
    public RCodeToolProvider rCodeToolProvider(RCodeTool rCodeTool) {
        return new RCodeToolProvider(rCodeTool);
    }
}
