cor.test(mtcars$mpg, mtcars$wt)
ct <- cor.test(~ Sepal.Length + Petal.Length, data = iris, method = "spearman", exact = FALSE)
ct
ct$estimate
signif(ct$p.value, 3)
