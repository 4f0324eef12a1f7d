(y <- 3)
(z <- c(a = 1, b = 2))
(invisible(9))
print(invisible(10))
