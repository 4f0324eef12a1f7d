package io.securer;

import java.util.ArrayList;
import java.util.List;

/**
 * Cuts text that came from the child to a bound before it is logged or kept, saying how long it
 * was. Stateless.
 */
final class Bounded {
    /** The longest marker {@link #cut} appends: "...[" + up to 10 digits + " chars, truncated]". */
    static final int MAX_MARKER_CHARS = 32;

    private Bounded() {
    }

    /**
     * {@code text} if at most {@code max} characters, else its first {@code max} (one fewer rather
     * than split a surrogate pair) and a marker with the original length, e.g.
     * {@code "abc...[120000 chars, truncated]"}. Text that already ends in such a marker within
     * {@code max + MAX_MARKER_CHARS} is left alone, so cutting twice changes nothing.
     */
    static String cut(String text, int max) {
        if (text == null || text.length() <= max) {
            return text;
        }
        if (text.length() <= max + MAX_MARKER_CHARS && text.endsWith(" chars, truncated]")) {
            return text; // cut before (or made to look so: either way within the bound)
        }
        int end = max;
        if (Character.isHighSurrogate(text.charAt(end - 1))) {
            end--; // never split a surrogate pair: the JSON writer would emit a lone surrogate
        }
        return text.substring(0, end) + "...[" + text.length() + " chars, truncated]";
    }

    /**
     * At most {@code maxItems} of {@code items}, each cut to {@code maxChars}; when items were left
     * out, one more item says how many there were, e.g. {@code "...[64 items, truncated]"}.
     */
    static List<String> cut(List<String> items, int maxItems, int maxChars) {
        List<String> out = new ArrayList<>(Math.min(items.size(), maxItems) + 1);
        for (int i = 0; i < items.size() && i < maxItems; i++) {
            out.add(cut(items.get(i), maxChars));
        }
        if (items.size() > maxItems) {
            out.add("...[" + items.size() + " items, truncated]");
        }
        return out;
    }
}
