package io.securer;

/**
 * Host-side implementation of a tool. Runs on a securer thread, outside the sandbox, with the
 * arguments the R code passed (already type-checked). The return value is converted to JSON with
 * Jackson and handed to R, simplified ({@code simplifyVector = TRUE}); a {@link DataFrame} travels
 * in binary, column by column, and R receives a {@code data.frame}; {@link SecurerTool#INVISIBLE}
 * gives R an invisible {@code NULL}. A thrown exception becomes an R error whose message is the
 * exception's message with host paths, addresses and pids masked.
 */
@FunctionalInterface
public interface ToolHandler {
    Object call(ToolArgs args) throws Exception;
}
