for (s in c("1", "x", "y")) as.numeric(s)
f <- function(i) warning(sprintf("number %d", i))
for (i in 1:3) f(i)
