df <- data.frame(a = c(1, 1, 2, 2, 3), b = c("x", "x", "y", "z", "x"))
duplicated(df)
unique(df)
df[!duplicated(df$a), ]
nrow(unique(df))
unique(df$b)
table(duplicated(mtcars$cyl))
anyDuplicated(df)
