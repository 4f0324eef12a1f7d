package io.securer.sandbox;

import io.securer.ResourceLimits;
import java.nio.file.Path;
import java.util.Map;

/** STUB until the sandbox branch lands. */
public record LaunchRequest(boolean sandbox, boolean strict, ResourceLimits limits, Path sessionDir,
                            RInstallation r, Map<String, String> hostEnv, OperatingSystem os) {
}
