package io.securer.langchain4j;

import io.securer.Redaction;
import java.util.regex.Pattern;

/**
 * Masks host details in text bound for the model: host paths (home directories, securer's temp
 * directories, the JVM's working directory), IP addresses and process ids. Paths under /tmp that R
 * code itself uses (e.g. /tmp/data.csv) are kept, because the model needs them. Thread-safe.
 */
final class TextSanitizer {
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
        // Addresses and pids are masked as everywhere else; only the path policy is the adapter's own.
        return Redaction.addressesAndPids(HOST_PATH.matcher(s).replaceAll("<path>"));
    }
}
