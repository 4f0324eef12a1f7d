fit <- lm(mpg ~ wt + hp, data = mtcars)
fit
summary(fit)
