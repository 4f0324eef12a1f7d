f <- function(x) invisible(x * 2)
f(5)
print(f(5))
(f(5))
y <- f(10)
y
g <- function() { cat("side effect\n"); invisible("hidden") }
g()
v <- withVisible(g())
v
x <- c(1, 2)
x[2] <- 5
library(stats)
assign("z", 3)
z
if (TRUE) invisible(4)
