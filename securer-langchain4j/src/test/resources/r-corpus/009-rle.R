x <- c("H", "H", "T", "T", "T", "H", "T", "T", "H", "H", "H", "H")
r <- rle(x)
r
r$lengths
max(r$lengths)
r$values[which.max(r$lengths)]
inverse.rle(r)
rle(c(1, 1, 2, 2, 2, 3))
str(r)
