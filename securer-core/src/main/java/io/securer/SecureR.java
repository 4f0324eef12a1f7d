package io.securer;

import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * One-shot helpers, like the R package's {@code execute_r()} and {@code with_secure_session()}.
 * Each call starts a session, uses it and closes it (also on failure). Thread-safe.
 */
public final class SecureR {
    private SecureR() {
    }

    /** Runs {@code code} in a fresh sandboxed session (default limits) and returns its result. */
    public static ExecutionResult execute(String code) {
        return execute(code, new SecurerTool[0]);
    }

    /** Runs {@code code} in a fresh sandboxed session with these tools. */
    public static ExecutionResult execute(String code, SecurerTool... tools) {
        Objects.requireNonNull(code, "code");
        return withSession(SecureSession.builder().sandbox(true).tools(List.of(tools)), s -> s.execute(code));
    }

    /** Builds a session from {@code builder}, applies {@code body} to it, and closes it. */
    public static <T> T withSession(SecureSession.Builder builder, Function<SecureSession, T> body) {
        Objects.requireNonNull(builder, "builder");
        Objects.requireNonNull(body, "body");
        try (SecureSession s = builder.build()) {
            return body.apply(s);
        }
    }
}
