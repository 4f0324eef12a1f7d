area <- function(shape, ...) UseMethod("area")
area.default <- function(shape, ...) stop("unknown shape")
area.circle <- function(shape, ...) pi * shape$r^2
area.square <- function(shape, ...) shape$side^2
describe <- function(x) UseMethod("describe")
describe.shape <- function(x) cat("a shape\n")
describe.circle <- function(x) { cat("a circle, and "); NextMethod() }
shapes <- list(structure(list(r = 1), class = c("circle", "shape")),
               structure(list(side = 3), class = c("square", "shape")))
sapply(shapes, area)
describe(shapes[[1]])
describe(shapes[[2]])
summary.shape <- function(object, ...) cat("summary of", class(object)[1], "\n")
invisible(lapply(shapes, summary))
toString.circle <- function(x, ...) paste0("circle(r=", x$r, ")")
toString(shapes[[1]])
tryCatch(area(42), error = function(e) conditionMessage(e))
