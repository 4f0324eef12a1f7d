package io.securer.engine;

import java.util.Objects;

/**
 * Why a child died, when the host knows more than "it exited". Immutable.
 *
 * @param what   a short verb phrase, e.g. {@code "ran out of memory"}
 * @param detail what happened and which limit was reached, e.g. {@code "the sandbox reached its
 *               memory limit of 1 GiB (memory cgroup) and the kernel's OOM killer ended R"}
 */
public record ExitCause(String what, String detail) {
    public ExitCause {
        Objects.requireNonNull(what, "what");
        Objects.requireNonNull(detail, "detail");
    }
}
