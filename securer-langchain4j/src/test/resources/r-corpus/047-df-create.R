df <- data.frame(
  name = c("Ann", "Bob", "Cid", "Dee"),
  age = c(28, 35, 42, 19),
  score = c(88.5, 92.25, 79, 95),
  passed = c(TRUE, TRUE, FALSE, TRUE)
)
df
dim(df); nrow(df); ncol(df)
names(df)
colnames(df)
sapply(df, class)
str(df)
df$age
df[["score"]]
df[2, ]
df[, 2]
df[2, "name"]
