x <- c(4, 8, 15, 16, 23, 42)
x
length(x)
x * 2
x + c(1, 2)
x / 3
x %/% 5
x %% 5
2^(0:10)
sum(x); prod(1:10); mean(x)
-x
