validate <- function(x) stop("the value supplied for the threshold parameter must be strictly positive")
validate(-1)
