print.meh <- function(x, ...) { warning("printing meh"); cat("<meh>\n"); invisible(x) }
f <- function() { warning("from f"); structure(1, class = "meh") }
f()
