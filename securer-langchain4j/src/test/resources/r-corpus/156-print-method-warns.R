print.meh <- function(x, ...) {
  warning("printing meh is deprecated")
  cat("<meh object>\n")
  invisible(x)
}
structure(1, class = "meh")
"next"
