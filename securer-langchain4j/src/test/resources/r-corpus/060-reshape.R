wide <- data.frame(id = 1:3, score_2019 = c(5, 6, 7), score_2020 = c(8, 6, 9))
long <- reshape(wide, direction = "long", varying = c("score_2019", "score_2020"),
                v.names = "score", timevar = "year", times = c(2019, 2020), idvar = "id")
long
long[order(long$id), ]
back <- reshape(long, direction = "wide", idvar = "id", timevar = "year")
back
stack(list(a = 1:2, b = 3:5))
unstack(data.frame(values = 1:4, ind = factor(c("u", "v", "u", "v"))))
