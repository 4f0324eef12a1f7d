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

    /**
     * R code returning {@code "TRUE"} (it walked something) followed by the names of any binding
     * called {@code token} and of any 64-hex-digit string reachable from the tool {@code add}:
     * its formals, body and environment, every binding of those environments and their parents
     * (short of the global and package environments), lists and calls.
     */
    public static final String TOKEN_HUNT = "local({ seen <- list(); hits <- character(); n <- 0L; "
            + "stop_at <- function(e) identical(e, emptyenv()) || identical(e, globalenv()) || identical(e, baseenv()) "
            + "  || isNamespace(e) || !is.null(attr(e, 'name')); "
            + "walk <- function(x, name) { n <<- n + 1L; if (n > 500000L) stop('too much to walk'); "
            + "  if (is.character(x) && any(grepl('^[0-9a-f]{64}$', x))) hits <<- c(hits, name); "
            + "  if (is.environment(x)) { if (stop_at(x) || any(vapply(seen, identical, TRUE, x))) return(); "
            + "    seen[[length(seen) + 1L]] <<- x; "
            + "    for (b in ls(x, all.names = TRUE)) { if (b == 'token') hits <<- c(hits, b); "
            + "      if (!bindingIsActive(b, x)) walk(get(b, envir = x, inherits = FALSE), b) }; "
            + "    walk(parent.env(x), name) } "
            + "  else if (is.function(x) && !is.primitive(x)) { walk(formals(x), name); walk(body(x), name); "
            + "    walk(environment(x), name) } "
            + "  else if (is.call(x) || is.pairlist(x) || is.expression(x) || is.list(x)) "
            + "    for (k in seq_along(x)) if (!identical(x[[k]], quote(expr = ))) walk(x[[k]], name) }; "
            + "walk(add, 'add'); c(length(seen) > 0L, hits) })";
}
