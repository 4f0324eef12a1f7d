package io.securer.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.langchain4j.agent.tool.Tool;
import io.securer.ArgType;
import io.securer.ResourceLimits;
import io.securer.SecureSession;
import io.securer.SecurerTool;
import io.securer.SessionConfig;
import io.securer.SessionListener;
import io.securer.langchain4j.RCodeTool;
import io.securer.langchain4j.RCodeToolProvider;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.aop.framework.ProxyFactory;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;

/**
 * The beans and settings the auto-configuration makes, in contexts that never run R code (the
 * default tool starts R lazily, per chat).
 */
class SecurerAutoConfigurationTest {
    private static final long MIB = 1024L * 1024L;

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(SecurerAutoConfiguration.class));

    private static List<String> names(List<SecurerTool> tools) {
        return tools.stream().map(SecurerTool::name).toList();
    }

    @Test
    void withNoConfigurationThereIsASandboxedStrictPerChatToolAndTheConfigItUses() {
        runner.run(context -> {
            assertThat(context).hasSingleBean(RCodeTool.class).hasSingleBean(SessionConfig.class)
                    .hasSingleBean(RCodeToolProvider.class).hasSingleBean(SecurerSessionTracker.class);
            SessionConfig config = context.getBean(SessionConfig.class);
            assertTrue(config.sandbox());
            assertTrue(config.sandboxStrict());
            assertTrue(config.sanitizeErrors());
            assertEquals(ResourceLimits.defaults(), config.limits());
            assertNull(config.auditLog());
            assertEquals(List.of(), config.tools());
            assertEquals(List.of(context.getBean(SecurerSessionTracker.class)), config.listeners());
            String description = context.getBean(RCodeTool.class).description();
            assertTrue(description.startsWith("Runs R code in a persistent sandboxed R session"), description);
            assertTrue(description.contains("Each call may run for at most 30 s."), description);
        });
    }

    @Test
    void limitPropertiesOverrideOnlyTheLimitsTheyName() {
        runner.withPropertyValues("securer.limits.cpu-seconds=5", "securer.limits.memory=256MB",
                "securer.limits.file-size=1MB", "securer.limits.processes=20", "securer.limits.open-files=300",
                "securer.audit-log=/tmp/securer-audit.jsonl", "securer.timeout=2500ms").run(context -> {
                    SessionConfig config = context.getBean(SessionConfig.class);
                    assertEquals(ResourceLimits.builder().cpuSeconds(5).memoryBytes(256 * MIB).fileSizeBytes(MIB)
                            .maxProcesses(20).maxOpenFiles(300).build(), config.limits());
                    assertEquals(Path.of("/tmp/securer-audit.jsonl"), config.auditLog());
                    assertTrue(context.getBean(RCodeTool.class).description()
                            .contains("Each call may run for at most 2500 ms."));
                });
        runner.withPropertyValues("securer.limits.cpu-seconds=5").run(context -> assertEquals(
                ResourceLimits.defaults().toBuilder().cpuSeconds(5).build(),
                context.getBean(SessionConfig.class).limits()));
    }

    @Test
    void withoutTheSandboxTheToolIsUnsandboxedAndOnlyNamedLimitsApply() {
        runner.withPropertyValues("securer.sandbox.enabled=false").run(context -> {
            SessionConfig config = context.getBean(SessionConfig.class);
            assertFalse(config.sandbox());
            assertEquals(ResourceLimits.none(), config.limits());
            assertTrue(context.getBean(RCodeTool.class).description().startsWith("Runs R code in a persistent R session"));
        });
        runner.withPropertyValues("securer.sandbox.enabled=false", "securer.limits.cpu-seconds=9").run(context ->
                assertEquals(ResourceLimits.builder().cpuSeconds(9).build(), context.getBean(SessionConfig.class).limits()));
    }

    @Test
    void anOutOfRangeLimitFailsTheContextWithCoresMessage() {
        runner.withPropertyValues("securer.limits.memory=10MB").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause()
                    .hasMessage("memoryBytes must be at least 64 MiB (R cannot start below that), got 10485760");
        });
    }

    @Test
    void aUserRCodeToolReplacesTheDefaultAndTheProviderOffersIt() {
        RCodeTool own = RCodeTool.builder().sessionPerMemoryId(SecureSession.builder()).sandbox(false).build();
        runner.withBean(RCodeTool.class, () -> own).run(context -> {
            assertThat(context).hasSingleBean(RCodeTool.class);
            assertSame(own, context.getBean(RCodeTool.class));
            assertThat(context).hasSingleBean(RCodeToolProvider.class);
        });
    }

    @Test
    void aUserSessionConfigIsTheOneTheDefaultToolUsesSandboxSettingIncluded() {
        SessionConfig own = SecureSession.builder().sandbox(false).tool(add()).config();
        runner.withBean(SessionConfig.class, () -> own).run(context -> {
            assertSame(own, context.getBean(SessionConfig.class));
            RCodeTool tool = context.getBean(RCodeTool.class);
            assertEquals(List.of("add"), names(tool.tools()));
            assertTrue(tool.description().startsWith("Runs R code in a persistent R session"), tool.description());
        });
    }

    @Test
    void disabledByPropertyItDefinesNothing() {
        runner.withPropertyValues("securer.enabled=false").run(context -> assertThat(context)
                .doesNotHaveBean(RCodeTool.class).doesNotHaveBean(SessionConfig.class)
                .doesNotHaveBean(SecurerProperties.class));
    }

    @Test
    void securerToolBeansAndBeansMarkedForRBecomeRFunctionsInOrder() {
        runner.withUserConfiguration(ToolBeans.class).withPropertyValues("securer.tool-beans=plainTools")
                .run(context -> {
                    assertEquals(List.of("add", "fx_rate", "lookup_customer", "product_price", "stock_level"),
                            names(context.getBean(SessionConfig.class).tools()));
                    assertEquals(List.of("add", "fx_rate", "lookup_customer", "product_price", "stock_level"),
                            names(context.getBean(RCodeTool.class).tools()));
                    String description = context.getBean(RCodeTool.class).description();
                    assertTrue(description.contains("\n- lookup_customer(id: character): Finds a customer by id\n"), description);
                });
    }

    @Test
    void aProxiedBeanMarkedForRIsRefusedWithAMessage() {
        ProxyFactory factory = new ProxyFactory(new CustomerTools());
        factory.setProxyTargetClass(true);
        Object proxy = factory.getProxy();
        runner.withBean("customerTools", Object.class, () -> proxy).run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().hasMessage("bean 'customerTools' is marked for R but "
                    + "is a Spring AOP proxy: its @Tool methods would run without the proxy's advice. Mark a bean "
                    + "that is not proxied.");
        });
    }

    @Test
    void listenerBeansAndCustomizersShapeTheSessionConfig() {
        SessionListener mine = event -> { };
        runner.withBean("mine", SessionListener.class, () -> mine)
                .withUserConfiguration(Customizers.class)
                .run(context -> {
                    SessionConfig config = context.getBean(SessionConfig.class);
                    assertThat(config.listeners()).containsExactlyInAnyOrder(mine,
                            context.getBean(SecurerSessionTracker.class));
                    assertEquals(7, config.maxExecutions());
                    assertEquals(Duration.ofSeconds(5), config.startTimeout());
                });
    }

    @Test
    void closingTheContextClosesTheTool() {
        RCodeTool[] tool = new RCodeTool[1];
        runner.run(context -> tool[0] = context.getBean(RCodeTool.class));
        assertEquals("R could not run the code: the R code tool is closed", tool[0].runRCode("after", "1 + 1"));
    }

    static SecurerTool add() {
        return SecurerTool.builder("add").description("Adds two numbers").arg("a", ArgType.NUMERIC)
                .arg("b", ArgType.NUMERIC).handler(args -> args.getDouble("a") + args.getDouble("b")).build();
    }

    /** LangChain4j tools marked for R on the class. */
    @RTools
    static class CustomerTools {
        @Tool("Finds a customer by id")
        public String lookup_customer(String id) {
            return "customer " + id;
        }
    }

    /** LangChain4j tools without a marker: the @Bean method or securer.tool-beans marks them. */
    static class CatalogTools {
        @Tool("The price of a product")
        public double product_price(String product) {
            return 9.5;
        }
    }

    static class StockTools {
        @Tool("Units in stock")
        public int stock_level(String product) {
            return 3;
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class ToolBeans {
        @Bean
        @Order(1)
        SecurerTool addTool() {
            return add();
        }

        @Bean
        @Order(2)
        SecurerTool fxTool() {
            return SecurerTool.builder("fx_rate").handler(args -> 1.08).build();
        }

        @Bean
        CustomerTools customerTools() {
            return new CustomerTools();
        }

        @Bean
        @RTools
        CatalogTools catalogTools() {
            return new CatalogTools();
        }

        @Bean
        StockTools plainTools() {
            return new StockTools();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Customizers {
        @Order(2)
        @Bean
        SessionConfigCustomizer laterCustomizer() {
            return settings -> settings.maxExecutions(7);
        }

        @Order(1)
        @Bean
        SessionConfigCustomizer securerSettings() {
            return settings -> settings.maxExecutions(3).startTimeout(Duration.ofSeconds(5));
        }
    }
}
