a <- array(1:24, dim = c(2, 3, 4))
a[, , 1]
dim(a)
a[2, 3, 4]
apply(a, 3, sum)
b <- array(1:8, c(2, 2, 2), dimnames = list(c("r1", "r2"), c("c1", "c2"), c("k1", "k2")))
b
aperm(b, c(2, 1, 3))[, , "k2"]
