f <- function(x) { stopifnot(is.numeric(x), length(x) == 1, x > 0); sqrt(x) }
f(16)
tryCatch(f(-4), error = function(e) conditionMessage(e))
tryCatch(f("a"), error = function(e) conditionMessage(e))
g <- function(type = c("linear", "quadratic", "cubic")) { type <- match.arg(type); type }
g()
g("quad")
tryCatch(g("zzz"), error = function(e) conditionMessage(e))
h <- function(a, b) { if (missing(b)) "b is missing" else paste(a, b) }
h(1)
h(1, 2)
k <- function(...) { args <- list(...); paste(names(args), unlist(args), sep = "=", collapse = ",") }
k(a = 1, b = 2)
nargs_demo <- function(a, b, c) nargs()
nargs_demo(1, 2)
