package io.securer.spring;

import io.securer.SecureSession;

/**
 * Changes the session settings the starter builds from {@code securer.*} properties, before they
 * are frozen into its {@link io.securer.SessionConfig} bean: for any setting that has no
 * property (an R launcher, a pre-execute hook, start timeout, ...). Beans of this type are applied
 * in their {@code @Order}, after the properties, tools and listeners.
 */
@FunctionalInterface
public interface SessionConfigCustomizer {
    /** Adjusts {@code settings}; the starter freezes them after the last customizer. */
    void customize(SecureSession.Builder settings);
}
