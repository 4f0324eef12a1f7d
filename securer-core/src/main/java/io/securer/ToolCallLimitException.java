package io.securer;

/** The code called host tools more often than {@code maxToolCalls} allows for one execution. */
public final class ToolCallLimitException extends SecurerException {
    private static final long serialVersionUID = 1L;
    private final int limit;

    public ToolCallLimitException(int limit) {
        super("tool call limit exceeded: at most " + limit + " tool call(s) per execution");
        this.limit = limit;
    }

    public int limit() {
        return limit;
    }
}
