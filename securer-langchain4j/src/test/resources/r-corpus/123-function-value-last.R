square <- function(x) x^2
compose2 <- function(f, g) {
  stopifnot(is.function(f), is.function(g))
  function(...) f(g(...))
}
square
compose2
