sizes <- c("small", "large", "medium", "small", "large", "small")
f <- factor(sizes)
f
levels(f)
nlevels(f)
as.integer(f)
table(f)
summary(f)
f2 <- factor(sizes, levels = c("small", "medium", "large"))
f2
as.integer(f2)
table(f2)
factor(c("a", "b", NA))
factor(c("a", "b", NA), exclude = NULL)
