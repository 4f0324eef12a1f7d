gender <- c("F", "M", "F", "F", "M", "M", "F", "M", "F", "F")
smoker <- c("no", "yes", "no", "yes", "no", "no", "no", "yes", "yes", "no")
t2 <- table(gender, smoker)
t2
addmargins(t2)
dim(t2)
dimnames(t2)
t2["F", "yes"]
margin.table(t2, 1)
summary(t2)
table(mtcars$cyl, mtcars$gear)
table(mtcars$cyl, mtcars$gear, dnn = c("cyl", "gear"))
as.data.frame(t2)
