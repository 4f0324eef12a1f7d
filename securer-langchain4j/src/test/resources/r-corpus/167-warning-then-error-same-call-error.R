f <- function() {
  warning("a warning first")
  stop("then an error")
}
f()
