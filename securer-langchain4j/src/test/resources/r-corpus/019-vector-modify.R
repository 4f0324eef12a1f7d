x <- 1:10
x[3] <- 100L
x
x[15] <- 1L
x
x <- x[-c(1, 2)]
x
append(1:5, 99, after = 2)
head(letters, 3)
tail(letters, 3)
head(1:10, -7)
v <- c(b = 2, a = 1)
v[["c"]] <- 3
v
rev(v)
