fit <- lm(Sepal.Length ~ Petal.Length * Species, data = iris)
round(coef(fit), 4)
anova(fit)
fit2 <- lm(weight ~ group, data = PlantGrowth)
summary(fit2)$coefficients
model.matrix(~ group, data = PlantGrowth)[c(1, 11, 21), ]
