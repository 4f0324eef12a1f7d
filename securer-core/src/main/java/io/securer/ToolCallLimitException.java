package io.securer;

/** The code made more host tool calls than {@link ExecuteOptions#maxToolCalls()} allows. */
public final class ToolCallLimitException extends SecurerException {
    private static final long serialVersionUID = 1L;
    private final int limit;

    ToolCallLimitException(int limit) {
        super("tool call limit exceeded: at most " + limit + " tool call(s) per execution");
        this.limit = limit;
    }

    public int limit() {
        return limit;
    }
}
