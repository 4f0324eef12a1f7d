set.seed(1)
wide <- as.data.frame(matrix(round(rnorm(60, 100, 25), 1), nrow = 4))
names(wide) <- paste0("measurement_", sprintf("%02d", 1:15))
wide
mtcars[1:3, ]
head(airquality, 2)
t(head(mtcars, 2))
