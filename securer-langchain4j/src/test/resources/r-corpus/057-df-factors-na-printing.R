df <- data.frame(
  id = 1:6,
  group = factor(c("ctrl", "trt", NA, "trt", "ctrl", "trt")),
  label = c("a", NA, "c", "d", NA, "f"),
  value = c(1.5, NA, 3.25, NaN, 10, Inf),
  flag = c(TRUE, NA, FALSE, TRUE, FALSE, NA)
)
df
str(df)
summary(df)
levels(df$group)
table(df$group, useNA = "ifany")
df[is.na(df$label), ]
is.na(df)
format(df)
