package io.securer.sandbox;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** STUB until the sandbox branch lands. */
public record RInstallation(Path rHome, Path rBinary, Map<String, String> rEnv, List<Path> libraryPaths) {
}
