package io.securer.engine;

import java.util.regex.Pattern;

/**
 * Masks host details in error text that crosses a trust boundary (into the sandbox, or to an
 * LLM): absolute paths, IP addresses, pids, user home names. Stateless and thread-safe.
 */
public final class ErrorSanitizer {
    private static final int MAX_LENGTH = 2000;
    private static final Pattern PATH = Pattern.compile("(?<![\\w.])(?:/[\\w.@+~-]+){2,}/?|(?i)\\b[A-Z]:\\\\[^\\s'\"]+");
    private static final Pattern IPV4 = Pattern.compile("\\b(?:\\d{1,3}\\.){3}\\d{1,3}(?::\\d+)?\\b");
    private static final Pattern IPV6 = Pattern.compile(
            "\\[?(?<![\\w:.])(?:H(?::H){7}|(?:H(?::H){0,6})?::(?:H(?::H){0,6})?)(?![\\w:])\\]?"
                    .replace("H", "[0-9A-Fa-f]{1,4}"));
    private static final Pattern PID = Pattern.compile("(?i)\\b(pid|process)([ =:#]+)\\d+");

    private ErrorSanitizer() {
    }

    public static String sanitize(String message) {
        if (message == null || message.isBlank()) {
            return "error";
        }
        String s = maskAddressesAndPids(PATH.matcher(message).replaceAll("<path>"));
        if (s.length() > MAX_LENGTH) {
            s = s.substring(0, MAX_LENGTH) + "... [truncated]";
        }
        return s;
    }

    /**
     * Masks IPv4/IPv6 addresses and "pid N" but leaves paths alone, for text whose own path policy
     * differs (the LangChain4j adapter keeps /tmp paths the model needs).
     */
    public static String maskAddressesAndPids(String text) {
        String s = IPV4.matcher(text).replaceAll("<address>");
        s = IPV6.matcher(s).replaceAll("<address>");
        return PID.matcher(s).replaceAll("$1$2<n>");
    }

    /** The message of {@code t} (its class name when it has none), sanitized. */
    public static String describe(Throwable t) {
        String msg = t.getMessage();
        return sanitize(msg == null || msg.isBlank() ? t.getClass().getSimpleName() : msg);
    }
}
