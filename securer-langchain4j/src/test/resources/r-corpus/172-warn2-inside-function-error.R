options(warn = 2)
f <- function() { warning("inside"); 1 }
f()
