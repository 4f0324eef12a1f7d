options(warn = 1)
print.meh <- function(x, ...) { warning("printing meh"); cat("<meh>\n"); invisible(x) }
structure(1, class = "meh")
f <- function() { warning("first in f"); cat("f body\n"); warning("second in f"); "f value" }
f()
