f <- function() {
  on.exit(cat("cleanup 1\n"))
  on.exit(cat("cleanup 2\n"), add = TRUE)
  cat("working\n")
  "result"
}
f()
g <- function() {
  on.exit(cat("g finished\n"))
  stop("failure inside g")
}
r <- tryCatch(g(), error = function(e) paste("caught:", conditionMessage(e)))
r
h <- function() {
  old <- options(digits = 3)
  on.exit(options(old))
  print(pi)
}
h()
pi
k <- function() { on.exit(cat("first\n"), after = FALSE); on.exit(cat("second\n"), add = TRUE, after = FALSE); invisible(NULL) }
k()
