r <- try(log(-1:1))
r
r2 <- try(stop("oops"))
class(r2)
f <- function() stop("in f")
try(f())
try(stop("silent one"), silent = TRUE)
cat("still running\n")
