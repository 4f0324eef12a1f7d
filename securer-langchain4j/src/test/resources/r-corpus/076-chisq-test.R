m <- matrix(c(42, 18, 30, 35), nrow = 2, dimnames = list(treatment = c("A", "B"), outcome = c("yes", "no")))
m
chisq.test(m)
chisq.test(m, correct = FALSE)$p.value
chisq.test(c(20, 30, 50), p = c(0.2, 0.3, 0.5))
res <- chisq.test(table(mtcars$am, mtcars$vs))
round(res$expected, 2)
res$statistic
