package io.securer.engine.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class ContainerRunCommandTest {
    static final Path SESSION = Path.of("/tmp/securer-abc");
    static final HostLimits HOST = new HostLimits(OptionalLong.of(20000), OptionalLong.of(32768));
    static final SandboxEnvironment ENV = SandboxEnvironment.forContainer(Map.of("LANG", "en_US.UTF-8",
            "OPENAI_API_KEY", "sk-fake"));

    static ContainerSpec podmanRootfs() {
        return new ContainerSpec(ContainerSpec.Engine.PODMAN, null, null, Path.of("/srv/rootfs"), "runc",
                List.of(new ContainerSpec.Bind(Path.of("/usr"), Path.of("/usr"))), 64L << 20,
                Map.of("app", "demo"), "R");
    }

    static ContainerRunCommand.Launch launch(ContainerSpec spec, ProcessLimits limits, boolean perUser, List<String> cli) {
        return new ContainerRunCommand.Launch(cli, spec, "securer-1-2-3-0a0b0c0d", "1-2-3", "securer-abc",
                SESSION.resolve("container.id"), SESSION, SESSION.resolve("seccomp.json"),
                List.of("--user", "1500000007:1500000007"), perUser, limits, HOST, ENV);
    }

    @Test
    void podmanCommandLineIsExactAndEndsWithRootfsThenTheRCommand() {
        List<String> expected = new ArrayList<>(List.of("/usr/bin/podman", "--events-backend=none",
                "run", "--rm", "-i", "--init", "--pull=never", "--runtime", "runc",
                "--name", "securer-1-2-3-0a0b0c0d", "--label", "io.securer.owner=1-2-3",
                "--label", "io.securer.session=securer-abc", "--label", "app=demo",
                "--cidfile", "/tmp/securer-abc/container.id",
                "--read-only", "--read-only-tmpfs=false",
                "--tmpfs", "/tmp:rw,size=67108864,mode=1777,nosuid,nodev,notmpcopyup",
                "--network=none", "--ipc=none", "--no-hosts", "--hostname", "sandbox",
                "--cap-drop=ALL", "--security-opt", "no-new-privileges",
                "--security-opt", "seccomp=/tmp/securer-abc/seccomp.json",
                "--user", "1500000007:1500000007", "--passwd=false",
                "--memory", "1073741824", "--memory-swap", "1073741824", "--pids-limit", "50",
                "--ulimit", "core=0:0", "--ulimit", "nofile=256:256", "--ulimit", "nproc=50:50",
                "--ulimit", "cpu=60:60", "--ulimit", "fsize=52428800:52428800", "--ulimit", "data=1073741824:1073741824",
                "--unsetenv-all", "--http-proxy=false", "--workdir", "/tmp", "--log-driver=none",
                "--mount", "type=bind,source=/usr,target=/usr,readonly",
                "--mount", "type=bind,source=/tmp/securer-abc,target=/run/securer,readonly",
                "--env", "HOME=/tmp", "--env", "LANG=en_US.UTF-8", "--env", "PATH=/usr/local/bin:/usr/bin:/bin",
                "--env", "R_ENABLE_JIT=0", "--env", "TMPDIR=/tmp", "--env", "TZ=UTC",
                "--rootfs", "/srv/rootfs",
                "/bin/sh", "-c", ContainerRunCommand.SHELL_SCRIPT,
                "R", "--vanilla", "--slave", "--no-readline", "-f", "/run/securer/runtime.R"));
        assertEquals(expected, ContainerRunCommand.arguments(launch(podmanRootfs(), TestLimits.DEFAULTS, true,
                List.of("/usr/bin/podman", "--events-backend=none"))));
    }

    @Test
    void dockerGetsTheSameIsolationWithoutPodmanOnlyOptionsAndWithProxyVariablesEmptied() {
        ContainerSpec spec = new ContainerSpec(ContainerSpec.Engine.DOCKER, null, "registry.example/securer-r:4.2", null,
                null, List.of(), 64L << 20, Map.of(), "R");
        List<String> args = ContainerRunCommand.arguments(launch(spec, TestLimits.DEFAULTS, true, List.of("/usr/bin/docker")));
        for (String podmanOnly : List.of("--events-backend=none", "--read-only-tmpfs=false", "--no-hosts", "--passwd=false",
                "--unsetenv-all", "--http-proxy=false", "--rootfs", "--runtime")) {
            assertFalse(args.contains(podmanOnly), podmanOnly);
        }
        assertTrue(args.contains("/tmp:rw,size=67108864,mode=1777,nosuid,nodev"));
        for (String same : List.of("--init", "--read-only", "--network=none", "--ipc=none", "--cap-drop=ALL",
                "no-new-privileges", "seccomp=/tmp/securer-abc/seccomp.json", "--pids-limit", "nproc=50:50")) {
            assertTrue(args.contains(same), same);
        }
        for (String v : ContainerRunCommand.PROXY_VARIABLES) {
            assertTrue(args.contains(v + "="), v);
        }
        int image = args.indexOf("registry.example/securer-r:4.2");
        assertEquals(List.of("/bin/sh", "-c"), args.subList(image + 1, image + 3));
    }

    @Test
    void withoutLimitsOnlyTheCeilingsTheRuntimeNeedsArePassed() {
        List<String> args = ContainerRunCommand.arguments(launch(podmanRootfs(), ProcessLimits.NONE, true, List.of("podman")));
        assertEquals(List.of("core=0:0", "nofile=20000:20000", "nproc=32768:32768"), ulimits(args));
        assertFalse(args.contains("--memory"));
        assertFalse(args.contains("--pids-limit"));
    }

    @Test
    void aSharedUidGetsTheHostProcessCeilingNotMaxProcesses() {
        List<String> args = ContainerRunCommand.arguments(launch(podmanRootfs(), TestLimits.DEFAULTS, false, List.of("podman")));
        assertTrue(ulimits(args).contains("nproc=32768:32768"), ulimits(args).toString());
        assertEquals("50", args.get(args.indexOf("--pids-limit") + 1), "processes are still capped per container");
    }

    @Test
    void theShellMergesStderrAndReportsAMissingRWithTheSetupMark() {
        assertEquals("command -v \"$0\" >/dev/null 2>&1 || { echo \"SECURER-SETUP-ERROR: R is not installed in the "
                + "container: no $0 on PATH=$PATH\"; exit 3; }; exec \"$0\" \"$@\" 2>&1", ContainerRunCommand.SHELL_SCRIPT);
    }

    @Test
    void labelValuesAreMadeSafe() {
        assertEquals("a_b_c", ContainerRunCommand.labelValue("a b,c"));
    }

    private static List<String> ulimits(List<String> args) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < args.size() - 1; i++) {
            if (args.get(i).equals("--ulimit")) {
                out.add(args.get(i + 1));
            }
        }
        return out;
    }
}
