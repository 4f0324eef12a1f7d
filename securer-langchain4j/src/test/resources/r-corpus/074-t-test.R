t.test(len ~ supp, data = ToothGrowth)
t.test(mtcars$mpg, mu = 20)
res <- t.test(extra ~ group, data = sleep, var.equal = TRUE)
res$statistic
res$parameter
round(res$conf.int, 4)
names(res)
