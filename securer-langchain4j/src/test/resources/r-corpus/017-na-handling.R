x <- c(2, NA, 5, 7, NA, 1)
is.na(x)
sum(is.na(x))
mean(x)
mean(x, na.rm = TRUE)
sum(x, na.rm = TRUE)
na.omit(x)
x[!is.na(x)]
which(is.na(x))
x[is.na(x)] <- 0
x
df <- data.frame(a = c(1, NA, 3), b = c("u", "v", NA))
complete.cases(df)
na.omit(df)
anyNA(df)
colSums(is.na(df))
