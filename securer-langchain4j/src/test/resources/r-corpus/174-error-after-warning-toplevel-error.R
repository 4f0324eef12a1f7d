as.numeric("x")
{ as.integer("y"); stop("boom") }
