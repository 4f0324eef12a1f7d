package io.securer.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.langchain4j.agent.tool.Tool;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import io.securer.ArgType;
import io.securer.MemoryLimitMode;
import io.securer.ResourceLimits;
import io.securer.SecureSession;
import io.securer.SecurerTool;
import io.securer.langchain4j.RCodeTool;
import io.securer.micrometer.Observed;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.boot.Banner;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthComponent;
import org.springframework.boot.actuate.health.HealthEndpoint;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.actuate.health.SystemHealth;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * The starter in real Spring Boot applications (auto-configuration found through the imports
 * file, Actuator and Micrometer present) running real R in the sandbox.
 */
class SecurerStarterIT {

    /** An application with two host tools and a test observation registry. */
    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {
        @Bean
        ObservationRegistry observationRegistry() {
            return TestObservationRegistry.create();
        }

        @Bean
        SecurerTool addTool() {
            return SecurerTool.builder("add").arg("a", ArgType.NUMERIC).arg("b", ArgType.NUMERIC)
                    .handler(args -> args.getDouble("a") + args.getDouble("b")).build();
        }

        @Bean
        CustomerTools customerTools() {
            return new CustomerTools();
        }
    }

    @RTools
    static class CustomerTools {
        @Tool("Finds a customer by id")
        public String lookup_customer(String id) {
            return "customer " + id;
        }
    }

    /** An application that brings its own run_r_code tool: unsandboxed, to tell it apart. */
    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class OwnToolApp {
        @Bean
        RCodeTool myRCodeTool() {
            return RCodeTool.builder().sessionPerMemoryId(SecureSession.builder()).sandbox(false)
                    .timeout(Duration.ofSeconds(20)).build();
        }
    }

    /** One store outlives the contexts below, as Redis outlives an application's restarts. */
    static final io.securer.InMemorySessionStore STORE = new io.securer.InMemorySessionStore();
    static final List<Object> PLOTTED_FOR = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** An application with a session store and a plot listener. */
    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class StoreApp {
        @Bean
        io.securer.SessionStore sessionStore() {
            return STORE;
        }

        @Bean
        io.securer.langchain4j.PlotListener plotListener() {
            return (memoryId, plot) -> PLOTTED_FOR.add(memoryId);
        }
    }

    @Test
    void aSessionStoreBeanKeepsChatsAcrossARestartAndAPlotListenerBeanGetsThePlots() {
        try (ConfigurableApplicationContext context = start(StoreApp.class, "securer.sessions.warm=0",
                "securer.plots.width=400", "securer.plots.height=300")) {
            RCodeTool tool = context.getBean(RCodeTool.class);
            assertEquals("plot 1: 400×300 PNG, shown to the user", tool.runRCode("carol", "kept <- 7; plot(1:3)"));
            assertEquals(List.of("carol"), PLOTTED_FOR);
        }
        try (ConfigurableApplicationContext context = start(StoreApp.class, "securer.sessions.warm=0")) {
            assertEquals("[1] 7", context.getBean(RCodeTool.class).runRCode("carol", "kept"));
        }
    }

    private static ConfigurableApplicationContext start(Class<?> app, String... properties) {
        return new SpringApplicationBuilder(app).web(WebApplicationType.NONE).bannerMode(Banner.Mode.OFF)
                .logStartupInfo(false).properties(properties).run();
    }

    /** This JVM's R processes: the sandbox's and the host's view agree on the binary's path. */
    private static List<ProcessHandle> rProcesses() {
        return ProcessHandle.current().descendants()
                .filter(h -> h.info().command().map(c -> c.endsWith("/exec/R")).orElse(false)).toList();
    }

    @Test
    void theDefaultToolRunsRSandboxedAndKeepsChatsApart() {
        try (ConfigurableApplicationContext context = start(App.class)) {
            RCodeTool tool = context.getBean(RCodeTool.class);
            assertEquals("[1] \"65534\"", tool.runRCode("alice", "x <- 'alice'; system('id -u', intern = TRUE)"));
            assertEquals("[1] FALSE", tool.runRCode("alice", "file.exists('/etc/passwd')"));
            assertEquals("[1] FALSE", tool.runRCode("bob", "exists('x')"));
            assertEquals("[1] \"alice\"", tool.runRCode("alice", "x"));
        }
    }

    @Test
    void propertiesSetTheLimitsRSeesAndTheTimeoutAndToolCallCapOfACall() {
        try (ConfigurableApplicationContext context = start(App.class, "securer.limits.cpu-seconds=7",
                "securer.limits.memory=300MB", "securer.timeout=1s", "securer.max-tool-calls=1")) {
            RCodeTool tool = context.getBean(RCodeTool.class);
            String limits = tool.runRCode("c", "l <- readLines('/proc/self/limits'); "
                    + "cat(grep('^Max (cpu time|address space)', l, value = TRUE), sep = '\\n')");
            // With a memory cgroup (a root host) the 300 MB are the cgroup's and the address space is
            // only the backstop of 2 GiB; without one the address space is the limit.
            String addressSpace;
            try (SecureSession probe = SecureSession.builder().sandbox(true)
                    .limits(ResourceLimits.builder().memoryBytes(314_572_800L).build()).build()) {
                addressSpace = probe.memoryLimitMode() == MemoryLimitMode.CGROUP ? "2147483648" : "314572800";
            }
            assertTrue(limits.matches("Max cpu time +7 +7 +seconds *\nMax address space +" + addressSpace + " +"
                    + addressSpace + " +bytes *"), limits);
            assertEquals("Timed out after 1 s; R was interrupted and variables are kept. Make the code faster or work "
                    + "on less data.", tool.runRCode("c", "kept <- 1; Sys.sleep(5)"));
            assertEquals("[1] 1", tool.runRCode("c", "kept"));
            assertEquals("Stopped: the code made more than 1 host function call(s), the limit for one run. Call host "
                    + "functions fewer times (e.g. fetch data once and reuse it).",
                    tool.runRCode("c", "add(1, 1); add(2, 2)"));
        }
    }

    @Test
    void aUserRCodeToolBeanReplacesTheDefaultAndIsClosedWithTheContext() {
        RCodeTool own;
        try (ConfigurableApplicationContext context = start(OwnToolApp.class)) {
            assertEquals(Set.of("myRCodeTool"), context.getBeansOfType(RCodeTool.class).keySet());
            own = context.getBean(RCodeTool.class);
            assertEquals("[1] TRUE", own.runRCode("u", "file.exists('/etc/passwd')"));
        }
        assertEquals("R could not run the code: the R code tool is closed", own.runRCode("u", "1"));
    }

    @Test
    void healthReportsTheLiveChatsAndClosingTheContextEndsEveryRProcess() throws Exception {
        List<ProcessHandle> before = rProcesses();
        List<ProcessHandle> started = new ArrayList<>();
        // no warm spare, so that exactly the two chats' sessions run
        try (ConfigurableApplicationContext context = start(App.class, "securer.sessions.warm=0")) {
            RCodeTool tool = context.getBean(RCodeTool.class);
            tool.runRCode("alice", "1");
            tool.runRCode("bob", "2");
            rProcesses().stream().filter(p -> !before.contains(p)).forEach(started::add);
            assertEquals(2, started.size());

            HealthComponent securer = ((SystemHealth) context.getBean(HealthEndpoint.class).health())
                    .getComponents().get("securer");
            assertEquals(Status.UP, securer.getStatus());
            assertEquals(new TreeMap<>(Map.of("sandbox", "bubblewrap", "sandboxRequested", true, "strict", true,
                            "liveSessions", 2, "unsandboxedSessions", 0, "maxSessions", 32)),
                    new TreeMap<>(((Health) securer).getDetails()));
        }
        for (ProcessHandle p : started) {
            p.onExit().get(10, TimeUnit.SECONDS);
            assertFalse(p.isAlive());
        }
        assertEquals(List.of(), rProcesses().stream().filter(p -> !before.contains(p)).toList());
    }

    @Test
    void everyExecuteIsObservedWithItsToolCallsNestedAndFailuresTagged() {
        try (ConfigurableApplicationContext context = start(App.class, "securer.sessions.warm=0")) {
            TestObservationRegistry registry = (TestObservationRegistry) context.getBean(ObservationRegistry.class);
            RCodeTool tool = context.getBean(RCodeTool.class);
            assertEquals("[1] \"customer c3\"", tool.runRCode("chat-9", "n <- add(1, 2); lookup_customer(id = paste0('c', n))"));
            assertEquals("Error: boom", tool.runRCode("chat-9", "stop('boom')"));

            List<Observation.Context> execs = Observed.named(registry, "securer.execute");
            assertEquals(2, execs.size());
            assertEquals(Map.of("securer.sandbox", "bubblewrap", "securer.outcome", "success", "securer.error.kind",
                    "none"), Observed.low(execs.get(0)));
            assertEquals("chat-9", Observed.high(execs.get(0)).get("securer.memory.id"));
            assertEquals(Map.of("securer.sandbox", "bubblewrap", "securer.outcome", "error", "securer.error.kind",
                    "r_error"), Observed.low(execs.get(1)));
            assertEquals("R error: boom", execs.get(1).getError().getMessage());
            List<Observation.Context> calls = Observed.named(registry, "securer.tool.call");
            assertEquals(List.of("add", "lookup_customer"),
                    calls.stream().map(c -> c.getLowCardinalityKeyValue("securer.tool.name").getValue()).toList());
            calls.forEach(c -> assertSame(execs.get(0), Observed.parent(c)));
            TestObservationRegistryAssert.assertThat(registry).hasNumberOfObservationsWithNameEqualTo("securer.tool.call", 2);

            MeterRegistry meters = context.getBean(MeterRegistry.class);
            assertEquals(1, meters.get("securer.session.start").tag("securer.sandbox", "bubblewrap").timer().count());
            assertEquals(1, meters.get("securer.execute").tag("securer.error.kind", "none").timer().count());
            assertEquals(1, meters.get("securer.execute").tag("securer.error.kind", "r_error").timer().count());
            assertEquals(2, meters.get("securer.tool.call").timers().stream().mapToLong(t -> t.count()).sum());
            assertThat(meters.get("securer.execute").timers()).allSatisfy(t ->
                    assertThat(t.getId().getTag("securer.memory.id")).isNull());
        }
    }
}
