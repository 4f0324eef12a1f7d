print.bad <- function(x, ...) stop("cannot print this")
x <- structure(1, class = "bad")
print(x)
