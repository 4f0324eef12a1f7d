package io.securer;

/** The code did not parse; nothing was evaluated. */
public final class RSyntaxException extends SecurerException {
    private static final long serialVersionUID = 1L;
    private final String parseError;

    public RSyntaxException(String parseError) {
        super("R syntax error: " + parseError);
        this.parseError = parseError;
    }

    /** R's parser message. */
    public String parseError() {
        return parseError;
    }
}
