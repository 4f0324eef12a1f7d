fit <- lm(dist ~ speed, data = cars)
round(head(residuals(fit)), 4)
round(head(fitted(fit)), 4)
summary(residuals(fit))
round(sum(residuals(fit)^2), 3)
which.max(abs(residuals(fit)))
plot_free <- data.frame(speed = cars$speed[1:5], fit = round(fitted(fit)[1:5], 2))
plot_free
round(sigma(fit), 4)
