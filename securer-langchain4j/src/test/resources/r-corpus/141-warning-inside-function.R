f <- function() {
  warning("careful: value clipped")
  1
}
f()
