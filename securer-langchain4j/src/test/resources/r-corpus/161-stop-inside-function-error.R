f <- function() stop("boom")
f()
