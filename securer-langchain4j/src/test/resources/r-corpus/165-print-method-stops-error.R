print.bad <- function(x, ...) stop("cannot print this object")
b <- structure(1, class = "bad")
cat("created\n")
b
