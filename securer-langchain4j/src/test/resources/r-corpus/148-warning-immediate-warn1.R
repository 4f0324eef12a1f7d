options(warn = 1)
f <- function() { warning("inside f"); 10 }
f()
as.numeric("x")
g <- function() warning("no call here", call. = FALSE)
g()
cat("done\n")
