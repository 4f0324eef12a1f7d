m <- matrix(c(4, 9, 2, 3, 5, 7, 8, 1, 6), nrow = 3)
m
apply(m, 1, sum)
apply(m, 2, sum)
rowSums(m); colSums(m)
rowMeans(m)
apply(m, c(1, 2), function(x) x^2)
apply(m, 1, function(r) r / sum(r))
sweep(m, 1, rowSums(m), "/")
which(m == max(m), arr.ind = TRUE)
m[m > 5]
upper.tri(m)
m[upper.tri(m)] <- 0
m
