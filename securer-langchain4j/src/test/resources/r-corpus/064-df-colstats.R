m <- mtcars[, c("mpg", "disp", "hp", "drat", "wt")]
round(colMeans(m), 2)
round(sapply(m, sd), 2)
round(apply(m, 2, median), 2)
round(cor(m$mpg, m$wt), 4)
colnames(m)[sapply(m, function(v) mean(v) > 50)]
m[which.max(m$hp), ]
nrow(m[m$mpg > 25, ])
sort(round(sapply(m, function(v) sd(v) / mean(v)), 3), decreasing = TRUE)
max.col(matrix(c(1, 9, 3, 4, 2, 8), 2))
