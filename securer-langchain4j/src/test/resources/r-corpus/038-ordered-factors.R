ratings <- factor(c("good", "poor", "excellent", "good", "fair"),
                  levels = c("poor", "fair", "good", "excellent"), ordered = TRUE)
ratings
ratings > "fair"
max(ratings)
sort(ratings)
table(ratings)
as.integer(ratings)
summary(ratings)
is.ordered(ratings)
median(as.integer(ratings))
