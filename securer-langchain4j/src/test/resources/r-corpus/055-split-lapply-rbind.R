parts <- split(mtcars, mtcars$cyl)
names(parts)
sapply(parts, nrow)
stats <- lapply(parts, function(d) data.frame(cyl = d$cyl[1], n = nrow(d),
                                               mpg = round(mean(d$mpg), 2), hp = max(d$hp)))
stats
do.call(rbind, stats)
res <- do.call(rbind, lapply(split(iris, iris$Species), function(d)
  data.frame(species = d$Species[1], sl = mean(d$Sepal.Length))))
res
rownames(res) <- NULL
res
Reduce(rbind, list(data.frame(a = 1), data.frame(a = 2), data.frame(a = 3)))
