f <- function() { for (i in 1:12) warning("w"); stop("e") }
f()
