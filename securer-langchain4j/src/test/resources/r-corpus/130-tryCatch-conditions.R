safe_log <- function(x) {
  tryCatch({
    if (!is.numeric(x)) stop("need a number")
    if (x <= 0) warning("non-positive input")
    log(x)
  }, warning = function(w) {
    cat("Warning caught:", conditionMessage(w), "\n")
    NA
  }, error = function(e) {
    cat("Error caught:", conditionMessage(e), "\n")
    NULL
  }, finally = cat("done with", deparse(x), "\n"))
}
safe_log(100)
safe_log(-1)
safe_log("a")
e <- simpleError("custom")
class(e)
tryCatch(stop(e), error = function(err) conditionMessage(err))
res <- try(log(-1), silent = TRUE)
res
thrower <- function() stop("xyz")
cnd <- tryCatch(thrower(), error = identity)
conditionCall(cnd)
print(class(cnd))
