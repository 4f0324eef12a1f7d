inner <- function(x) stop("bad input: ", x)
middle <- function(x) inner(x)
outer_fn <- function(x) middle(x)
outer_fn(42)
