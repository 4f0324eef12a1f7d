package io.securer.engine.sandbox;

import java.util.Locale;

/**
 * The operating-system families the planner distinguishes, because each has its own sandbox
 * technology (or none). Immutable and thread-safe.
 */
public enum OperatingSystem {
    LINUX, MACOS, WINDOWS, OTHER;

    /** The family of the running JVM, from the {@code os.name} system property. */
    public static OperatingSystem current() {
        return fromOsName(System.getProperty("os.name", ""));
    }

    static OperatingSystem fromOsName(String osName) {
        String name = osName.toLowerCase(Locale.ROOT);
        if (name.startsWith("linux")) {
            return LINUX;
        }
        if (name.startsWith("mac") || name.startsWith("darwin")) {
            return MACOS;
        }
        if (name.startsWith("windows")) {
            return WINDOWS;
        }
        return OTHER;
    }
}
