df <- data.frame(
  city = c("Zürich", "São Paulo", "東京", "Kraków"),
  temp = c(12.5, 24.1, 16.3, 9.8),
  note = c("lac", "praça", "晴れ", "zimno")
)
df
df[order(df$temp), ]
nchar(df$city)
toupper(df$city)
sprintf("%s: %.1f°C", df$city, df$temp)
