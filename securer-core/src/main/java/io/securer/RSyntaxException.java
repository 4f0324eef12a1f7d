package io.securer;

/** The code did not parse; nothing of it ran. */
public final class RSyntaxException extends SecurerException {
    private static final long serialVersionUID = 1L;
    private final String parseError;

    RSyntaxException(String parseError) {
        super("R syntax error: " + parseError);
        this.parseError = parseError;
    }

    /** R's parse error, e.g. {@code <text>:1:3: unexpected ')'}. */
    public String parseError() {
        return parseError;
    }
}
