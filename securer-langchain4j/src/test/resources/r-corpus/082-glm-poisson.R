fit <- glm(breaks ~ wool + tension, data = warpbreaks, family = poisson)
fit
anova(fit, test = "Chisq")
round(exp(coef(fit)), 4)
round(deviance(fit), 3)
df.residual(fit)
