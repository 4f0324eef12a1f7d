A <- matrix(c(2, 1, 1, 3), 2)
B <- matrix(1:4, 2)
A %*% B
A * B
crossprod(A)
solve(A)
round(solve(A) %*% A, 10)
b <- c(1, 2)
solve(A, b)
det(A)
diag(A)
sum(diag(A))
A %o% c(1, 2)
kronecker(diag(2), A)
qr(A)$rank
round(chol(A), 4)
