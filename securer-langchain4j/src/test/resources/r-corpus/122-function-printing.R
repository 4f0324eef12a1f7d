normalize <- function(x, na.rm = TRUE) {
  # rescale to [0, 1]
  rng <- range(x, na.rm = na.rm)
  (x - rng[1]) / (rng[2] - rng[1])
}
normalize
args(paste)
formals(normalize)
body(normalize)
deparse(quote(x + y * 2))
function(a, b = "x", ...) NULL
