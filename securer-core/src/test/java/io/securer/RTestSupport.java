package io.securer;

import static org.junit.jupiter.api.Assertions.fail;

import io.securer.engine.RDiscovery;
import java.time.Duration;
import java.util.Optional;

/** Shared fixtures for ITs. A missing R or package fails the test loudly; it never skips. */
final class RTestSupport {
    private RTestSupport() {
    }

    static void requireR() {
        try {
            RDiscovery.discover("R");
        } catch (RuntimeSetupException e) {
            fail("R prerequisites missing: " + e.getMessage()
                    + "\nRun: apt-get update && apt-get install -y --no-install-recommends r-base-core "
                    + "r-cran-jsonlite r-cran-processx bubblewrap");
        }
    }

    static SecurerTool add() {
        return SecurerTool.builder("add").description("Add two numbers")
                .arg("a", ArgType.NUMERIC).arg("b", ArgType.NUMERIC)
                .handler(args -> args.getDouble("a") + args.getDouble("b")).build();
    }

    static SecurerTool weather() {
        return SecurerTool.builder("get_weather").description("Get weather for a city")
                .arg("city", ArgType.CHARACTER)
                .handler(args -> new Weather(72, "sunny")).build();
    }

    /** A record keeps its field order in JSON, so R prints temp before condition. */
    record Weather(int temp, String condition) {
    }

    /** Waits (bounded) until no process with this pid exists. */
    static boolean gone(long pid, Duration within) throws InterruptedException {
        Optional<ProcessHandle> h = ProcessHandle.of(pid);
        if (h.isEmpty()) {
            return true;
        }
        try {
            h.get().onExit().get(within.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
            return true;
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            return !h.get().isAlive();
        }
    }

    /** Host pid of the R process of a session (reads the child's pid via its own /proc view when unsandboxed). */
    static long rPid(SecureSession s) {
        return s.execute("Sys.getpid()").value().asLong();
    }
}
