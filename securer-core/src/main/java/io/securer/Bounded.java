package io.securer;

/** Cuts text that came from the child to a bound before it is logged or kept. Stateless. */
final class Bounded {
    private Bounded() {
    }

    /** {@code text} if at most {@code max} characters, else its first {@code max} and a marker. */
    static String cut(String text, int max) {
        if (text == null || text.length() <= max) {
            return text;
        }
        int end = max;
        if (Character.isHighSurrogate(text.charAt(end - 1))) {
            end--; // never split a surrogate pair: the JSON writer would emit a lone surrogate
        }
        return text.substring(0, end) + "[truncated]";
    }
}
