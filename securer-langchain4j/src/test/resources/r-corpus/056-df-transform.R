df <- data.frame(x = 1:5, y = c(2.5, 3.5, 1, 8, 4))
df$z <- df$x * df$y
df
df <- transform(df, ratio = round(y / x, 2), big = y > 3)
df
df <- within(df, { w <- x + 100; rm(big) })
df
df$cat <- ifelse(df$y > 3, "high", "low")
df
df[["z"]] <- NULL
df
cbind(df, new = letters[1:5])
