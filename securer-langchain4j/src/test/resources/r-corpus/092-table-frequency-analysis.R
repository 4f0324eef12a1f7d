set.seed(10)
rolls <- sample(1:6, 120, replace = TRUE)
freq <- table(rolls)
freq
round(freq / length(rolls), 3)
chisq.test(freq)
cumsum(freq)
rev(sort(freq))[1:2]
