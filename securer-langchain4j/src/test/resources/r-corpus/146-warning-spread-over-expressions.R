as.numeric("a")
1
f <- function(v) { warning("in f: ", v); v }
f("b")
sqrt(-1)
"end"
