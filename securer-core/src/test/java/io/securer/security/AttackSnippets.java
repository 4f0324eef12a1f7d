package io.securer.security;

/**
 * R snippets hostile code uses to dig into the runtime from the tool functions it can see. They
 * assume a tool named {@code add} is installed. Public so suites outside this package can attack
 * the same way.
 */
public final class AttackSnippets {
    private AttackSnippets() {
    }

    /**
     * R code defining {@code reach(root, pred)}: the first object reachable from {@code root}
     * through function formals, bodies and environments, calls and lists that satisfies
     * {@code pred} — how hostile code digs into the runtime from a tool function it can see.
     */
    public static final String REACH = "reach <- function(root, pred) { n <- 0L; "
            + "walk <- function(x) { n <<- n + 1L; if (n > 200000L) return(NULL); "
            + "  if (isTRUE(tryCatch(pred(x), error = function(e) FALSE))) return(x); "
            + "  kids <- if (is.function(x) && !is.primitive(x)) list(formals(x), body(x), environment(x)) "
            + "    else if (is.call(x) || is.pairlist(x) || is.expression(x)) as.list(x) "
            + "    else if (is.list(x)) unclass(x) else NULL; "
            + "  for (k in seq_along(kids)) { r <- tryCatch(walk(kids[[k]]), error = function(e) NULL); "
            + "    if (!is.null(r)) return(r) }; NULL }; walk(root) }; ";
    /** After {@link #REACH}: {@code conn} is the runtime's socket connection. */
    public static final String CONN = REACH + "conn <- reach(add, function(o) inherits(o, 'processx_connection')); ";
    /** After {@link #REACH}: {@code st} is the environment holding the current execution number. */
    public static final String EXEC = REACH
            + "st <- reach(add, function(o) is.environment(o) && exists('exec', envir = o, inherits = FALSE)); ";
    /** After {@link #REACH}: {@code call_tool} is the runtime function the tool functions call. */
    public static final String CALL_TOOL = REACH
            + "call_tool <- reach(add, function(o) is.function(o) && identical(names(formals(o)), c('name', 'vals'))); ";
}
