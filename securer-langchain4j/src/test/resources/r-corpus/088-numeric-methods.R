integrate(dnorm, -Inf, Inf)
integrate(function(x) x^2, 0, 3)
uniroot(function(x) x^3 - 2 * x - 5, c(2, 3))$root
optimize(function(x) (x - 1.5)^2 + 1, c(0, 5))
fr <- function(p) (1 - p[1])^2 + 100 * (p[2] - p[1]^2)^2
res <- optim(c(-1.2, 1), fr, method = "BFGS")
round(res$par, 4)
res$convergence
D(quote(x^2 * sin(x)), "x")
deriv(~ x^2, "x")
