package io.securer.langchain4j;

import java.util.regex.Pattern;

/**
 * Masks host details in text bound for the model: host paths (home directories, securer's temp
 * directories, the JVM's working directory), IP addresses and process ids. Paths under /tmp that R
 * code itself uses (e.g. /tmp/data.csv) are kept, because the model needs them. Thread-safe.
 */
final class TextSanitizer {
    private static final Pattern IPV4 = Pattern.compile("\\b(?:\\d{1,3}\\.){3}\\d{1,3}(?::\\d+)?\\b");
    private static final Pattern PID = Pattern.compile("(?i)\\b(pid|process id)([ =:#]+)\\d+");
    private static final String PATH_TAIL = "(?:/[^\\s'\"`,;:)\\]}]*)?";
    private static final Pattern HOST_PATH = Pattern.compile("(?<![\\w.~-])(?:/home|/root|/Users|/var/folders"
            + "|/private|/run/user|/tmp/securer[\\w.-]*)(?![\\w.-])" + PATH_TAIL);
    private static final String WORKING_DIR_PATH = System.getProperty("user.dir", "");
    private static final Pattern WORKING_DIR = WORKING_DIR_PATH.length() > 1
            ? Pattern.compile(Pattern.quote(WORKING_DIR_PATH) + PATH_TAIL) : null;

    private TextSanitizer() {
    }

    static String sanitize(String text) {
        if (text == null) {
            return "";
        }
        String s = text;
        if (WORKING_DIR != null) {
            s = WORKING_DIR.matcher(s).replaceAll("<path>");
        }
        s = HOST_PATH.matcher(s).replaceAll("<path>");
        s = IPV4.matcher(s).replaceAll("<address>");
        return PID.matcher(s).replaceAll("$1$2<n>");
    }
}
