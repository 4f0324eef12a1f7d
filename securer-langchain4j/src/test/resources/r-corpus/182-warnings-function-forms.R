warnings()
for (i in 1:12) as.numeric("x")
w <- warnings()
length(w)
summary(w)
f <- function() { warning("a"); warning("b", call. = FALSE) }
f()
warnings()
