df <- data.frame(id = 1:8, grp = rep(c("x", "y"), 4), val = c(2.5, 8, 3.1, 9.9, 4, 7.2, 1, 6))
df[df$val > 5, ]
df[df$grp == "x" & df$val < 4, c("id", "val")]
subset(df, val > 5, select = c(id, val))
subset(df, grp == "y" & id > 4)
df[df$val > 100, ]
df[-(1:5), ]
df[order(-df$val), ][1:3, ]
df[, sapply(df, is.numeric)]
df[c(TRUE, FALSE), ]
df[which(df$val == max(df$val)), "id"]
