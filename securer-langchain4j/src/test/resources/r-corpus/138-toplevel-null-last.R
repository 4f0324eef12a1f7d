x <- list(a = 1)
x$b
NULL
