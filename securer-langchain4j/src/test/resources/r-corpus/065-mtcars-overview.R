dim(mtcars)
names(mtcars)
mtcars[mtcars$mpg > 30, ]
table(mtcars$cyl)
round(sapply(mtcars, mean), 2)
rownames(mtcars)[mtcars$hp == max(mtcars$hp)]
mtcars[order(mtcars$wt, decreasing = TRUE)[1:3], c("wt", "mpg")]
cor(mtcars$mpg, mtcars$hp)
