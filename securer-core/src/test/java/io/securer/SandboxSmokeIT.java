package io.securer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.securer.sandbox.SandboxMode;
import org.junit.jupiter.api.Test;

class SandboxSmokeIT {
    @Test
    void sandboxedSessionRunsCodeAndTools() {
        RTestSupport.requireR();
        try (SecureSession s = SecureSession.builder().sandbox(true).sandboxStrict(true).tool(RTestSupport.add()).build()) {
            assertEquals(SandboxMode.BUBBLEWRAP, s.sandboxMode());
            assertEquals(5, s.execute("add(2, 3)").value().asInt());
            System.out.println(s.execute("c(uid = unname(Sys.info()['effective_user']), wd = getwd())").value());
            System.out.println(s.execute("readLines('/proc/self/limits')").printed());
            System.out.println(s);
        }
    }
}
