df <- data.frame(
  team = c("b", "a", "c", "a", "b", "c", "a"),
  points = c(10, 12, 10, 8, 12, 10, 12),
  name = c("p1", "p2", "p3", "p4", "p5", "p6", "p7")
)
df[order(df$points), ]
df[order(df$points, decreasing = TRUE), ]
df[order(df$team, -df$points), ]
df[order(df$points, df$name, decreasing = c(TRUE, FALSE), method = "radix"), ]
df[with(df, order(team, points, name)), ]
rownames(df) <- NULL
df[rev(seq_len(nrow(df))), ]
