package io.securer.sandbox;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/** STUB until the sandbox branch lands. */
public record LaunchPlan(List<String> command, Map<String, String> environment, SandboxMode mode,
                         Path sessionDirInChild, OptionalInt childUid, String fallbackReason) {
}
