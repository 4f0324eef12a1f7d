m <- matrix(1:6, nrow = 2)
m
matrix(1:6, nrow = 2, byrow = TRUE)
dim(m)
t(m)
m[2, ]
m[, 2]
m[2, 3]
m[, 2, drop = FALSE]
m * 10
m > 3
matrix(0, 2, 2)
diag(3)
diag(c(2, 5))
length(m)
