f <- function() { warning("computed with fallback"); data.frame(a = 1:2, b = c("x", "y")) }
f()
g <- function() { warning("quiet one"); invisible("hidden") }
g()
