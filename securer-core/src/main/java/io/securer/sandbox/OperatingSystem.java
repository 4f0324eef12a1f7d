package io.securer.sandbox;

/** STUB until the sandbox branch lands. */
public enum OperatingSystem {
    LINUX, MACOS, WINDOWS, OTHER;

    public static OperatingSystem current() {
        String os = System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT);
        if (os.contains("linux")) {
            return LINUX;
        }
        if (os.contains("mac")) {
            return MACOS;
        }
        if (os.contains("win")) {
            return WINDOWS;
        }
        return OTHER;
    }
}
