x <- c(12, 7, 3, 19, 7, 25, 1)
x > 5
which(x > 5)
which.max(x); which.min(x)
any(x > 20); all(x > 0)
ifelse(x %% 2 == 0, "even", "odd")
sum(x > 5)
mean(x > 5)
x[x > 5 & x < 20]
which(c(a = TRUE, b = FALSE, c = TRUE))
range(x)
