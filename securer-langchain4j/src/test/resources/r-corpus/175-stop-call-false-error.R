f <- function() stop("no call shown", call. = FALSE)
f()
