package io.securer.container;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.securer.ArgType;
import io.securer.DataFrame;
import io.securer.ExecuteOptions;
import io.securer.RuntimeSetupException;
import io.securer.SandboxMode;
import io.securer.SandboxUnavailableException;
import io.securer.SecureSession;
import io.securer.SecurerTool;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Sessions in podman containers through the public API: code, host tools, state, output order,
 * and the errors a broken set-up gives (missing package, missing R, missing CLI or root).
 */
class ContainerSessionIT {
    private static Path rootfs;
    private static Path empty;

    @BeforeAll
    static void setUp() throws Exception {
        ContainerFixtures.requirePodman();
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        rootfs = ContainerFixtures.buildRootfs(tmp);
        empty = Files.createTempDirectory(tmp, "ctr-empty-");
    }

    @AfterAll
    static void tearDown() throws Exception {
        try {
            ContainerFixtures.removeLeftovers();
        } finally {
            ContainerFixtures.deleteTree(rootfs);
            ContainerFixtures.deleteTree(empty);
        }
    }

    private static SecurerTool add() {
        return SecurerTool.builder("add").description("Add two numbers").arg("a", ArgType.NUMERIC)
                .arg("b", ArgType.NUMERIC).handler(args -> args.getDouble("a") + args.getDouble("b")).build();
    }

    /** R in the container opens the bulk pipe in its (read-only) session directory; columns come through it exactly. */
    @Test
    void dataFramesGoInAndComeOutThroughTheBulkPipe() {
        try (SecureSession s = ContainerFixtures.session(SecureSession.builder(), ContainerFixtures.sandbox(rootfs))) {
            s.assign("d", DataFrame.builder().column("x", new double[] {1.5, DataFrame.NA_DOUBLE})
                    .column("s", new String[] {"é", null}).build());
            DataFrame back = s.getDataFrame("d");
            assertArrayEquals(new double[] {1.5, DataFrame.NA_DOUBLE}, back.doubles("x"));
            assertArrayEquals(new String[] {"é", null}, back.strings("s"));
            assertTrue(s.execute("p <- file.path(dirname(commandArgs()[match('-f', commandArgs()) + 1L]), 'bulk.fifo'); "
                    + "any(vapply(getAllConnections(), function(i) { x <- summary(getConnection(i)); "
                    + "identical(x$description, p) && x[['can write']] == 'yes' }, logical(1)))").value().asBoolean());
        }
    }

    @Test
    void executesCodeCallsAHostToolAndKeepsState() {
        SecureSession.Builder b = SecureSession.builder().tool(add());
        assertEquals(SandboxMode.CONTAINER, b.sandbox(ContainerFixtures.sandbox(rootfs)).config().expectedSandboxMode());
        try (SecureSession s = ContainerFixtures.session(b, ContainerFixtures.sandbox(rootfs))) {
            s.execute("x <- add(2, 3)");
            assertEquals(50, s.execute("x * 10").value().asInt());
            assertEquals("[1] \"container\"", s.execute("'container'").printed());
            assertTrue(s.toString().matches("SecureSession\\[running pid=\\d+ sandbox=container tools=1]"), s.toString());
        }
    }

    @Test
    void stdoutAndStderrKeepROrder() {
        List<String> streamed = new CopyOnWriteArrayList<>();
        try (SecureSession s = ContainerFixtures.session(SecureSession.builder(), ContainerFixtures.sandbox(rootfs))) {
            var result = s.execute("for (i in 1:3) { cat('out', i, '\\n'); message('err ', i) }",
                    ExecuteOptions.builder().outputHandler(streamed::add).build());
            List<String> expected = List.of("out 1 ", "err 1", "out 2 ", "err 2", "out 3 ", "err 3");
            assertEquals(expected, result.output());
            assertEquals(expected, streamed);
        }
    }

    @Test
    void aPackageMissingFromTheContainerIsARuntimeSetupExceptionNamingIt() {
        Path processx = ContainerFixtures.hostPackageDir("processx");
        var withoutProcessx = ContainerFixtures.sandbox(rootfs).readOnlyBind(empty, processx);
        RuntimeSetupException e = assertThrows(RuntimeSetupException.class,
                () -> SecureSession.builder().sandbox(withoutProcessx).build());
        assertTrue(e.getMessage().startsWith("R package 'processx' is not installed; install them with: "), e.getMessage());
        assertEquals(List.of(), ContainerFixtures.containers(), "a failed start leaves no container");
    }

    @Test
    void aContainerWithoutRIsARuntimeSetupException() {
        RuntimeSetupException e = assertThrows(RuntimeSetupException.class, () -> SecureSession.builder()
                .rExecutable("/opt/no-such/R").sandbox(ContainerFixtures.sandbox(rootfs)).build());
        assertTrue(e.getMessage().startsWith("R is not installed in the container: no /opt/no-such/R on "
                + "PATH=/usr/local/bin:/usr/bin:/bin; "), e.getMessage());
        assertEquals(List.of(), ContainerFixtures.containers());
    }

    @Test
    void aMissingCliOrRootIsRefusedEvenWhenNotStrict() {
        SandboxUnavailableException noCli = assertThrows(SandboxUnavailableException.class, () -> SecureSession.builder()
                .sandboxStrict(false).sandbox(ContainerFixtures.sandbox(rootfs).executable(Path.of("/opt/no-such/podman")))
                .build());
        assertEquals("container sandbox unavailable: /opt/no-such/podman not found or not executable; install it, "
                + "e.g. apt-get install --no-install-recommends podman runc catatonit", noCli.getMessage());
        Path gone = rootfs.resolveSibling("ctr-rootfs-that-does-not-exist");
        SandboxUnavailableException noRoot = assertThrows(SandboxUnavailableException.class,
                () -> SecureSession.builder().sandbox(ContainerFixtures.sandbox(gone)).build());
        assertEquals("container root directory " + gone + " does not exist", noRoot.getMessage());
    }
}
