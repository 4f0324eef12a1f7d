e <- new.env()
assign("x", 10, envir = e)
e$y <- 20
get("x", envir = e)
sort(ls(e))
exists("y", envir = e)
exists("zzz", envir = e)
mget(c("x", "y"), envir = e)
rm("x", envir = e)
ls(e)
environmentName(globalenv())
environmentName(baseenv())
environmentName(environment(mean))
local({ a <- 2; b <- 3; a * b })
f <- function() { v <- "inside"; g <- function() v; g() }
f()
is.environment(e)
eapply(list2env(list(p = 1, q = 2)), function(v) v * 100)[c("p", "q")]
