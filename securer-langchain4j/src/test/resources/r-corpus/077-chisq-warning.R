tab <- table(mtcars$cyl, mtcars$am)
tab
chisq.test(tab)
