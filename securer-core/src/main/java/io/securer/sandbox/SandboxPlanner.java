package io.securer.sandbox;

import io.securer.SandboxUnavailableException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/** STUB until the sandbox branch lands. */
public final class SandboxPlanner {
    private SandboxPlanner() {
    }

    public static LaunchPlan plan(LaunchRequest request) {
        if (request.sandbox()) {
            throw new SandboxUnavailableException("sandbox not implemented yet");
        }
        List<String> cmd = new ArrayList<>();
        cmd.add(request.r().rBinary().toString());
        cmd.add("--vanilla");
        cmd.add("--slave");
        cmd.add("--no-readline");
        cmd.add("-f");
        cmd.add(request.sessionDir().resolve("runtime.R").toString());
        Map<String, String> env = new HashMap<>(request.r().rEnv());
        env.put("PATH", "/usr/bin:/bin");
        env.put("HOME", request.sessionDir().toString());
        env.put("LANG", "C.UTF-8");
        return new LaunchPlan(cmd, env, SandboxMode.NONE, request.sessionDir(), OptionalInt.empty(), null);
    }
}
