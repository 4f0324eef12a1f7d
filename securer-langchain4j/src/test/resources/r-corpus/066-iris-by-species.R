table(iris$Species)
aggregate(Petal.Length ~ Species, data = iris, FUN = mean)
sapply(split(iris$Sepal.Width, iris$Species), summary)
by(iris$Petal.Width, iris$Species, mean)
colMeans(iris[iris$Species == "setosa", 1:4])
round(cor(iris[, 1:4]), 2)
levels(iris$Species)
iris[c(1, 51, 101), ]
