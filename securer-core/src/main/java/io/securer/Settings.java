package io.securer;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.function.Predicate;

/**
 * The one place every session setting is declared, with its default. {@link SessionSettings}
 * mutates a private instance; {@link SessionConfig} holds a private copy it never changes. Not
 * thread-safe; never shared mutable.
 */
final class Settings implements Cloneable {
    LinkedHashMap<String, SecurerTool> tools = new LinkedHashMap<>();
    List<SessionListener> listeners = new ArrayList<>();
    /** The sandbox, or null for none. */
    Sandbox sandbox;
    boolean sandboxStrict;
    ResourceLimits limits;
    boolean verbose;
    Path auditLog;
    Integer maxExecutions;
    Predicate<String> preExecuteHook;
    boolean sanitizeErrors;
    String rExecutable = "R";
    Duration startTimeout = Duration.ofSeconds(30);
    Duration interruptGrace = Duration.ofSeconds(2);
    int maxMessageBytes = 1024 * 1024;
    int maxValueBytes = 900_000;
    int maxPrint = 5_000;
    int plotWidth = 800;
    int plotHeight = 600;
    int plotDpi = 96;
    PlotFormat plotFormat = PlotFormat.PNG;
    long maxPlotBytes = 16L * 1024 * 1024;
    long maxTransferBytes = 1L << 30;
    boolean snapshotFiles = true;

    /** A deep-enough copy: values are immutable, the two collections are copied. */
    Settings copy() {
        try {
            Settings s = (Settings) super.clone();
            s.tools = new LinkedHashMap<>(tools);
            s.listeners = new ArrayList<>(listeners);
            return s;
        } catch (CloneNotSupportedException e) {
            throw new AssertionError(e);
        }
    }

    /** Sandboxed sessions get the default limits unless the caller chose (none() included). */
    ResourceLimits effectiveLimits() {
        if (limits != null) {
            return limits;
        }
        return sandbox != null ? ResourceLimits.defaults() : ResourceLimits.none();
    }
}
