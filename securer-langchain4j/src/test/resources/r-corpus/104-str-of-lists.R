x <- list(a = 1:10, b = letters, c = list(d = 3.14, e = list(f = "deep", g = NULL)),
          h = data.frame(u = 1:2, v = c("p", "q")), i = factor(c("lo", "hi")), j = mean)
str(x)
str(x, max.level = 1)
str(list(1, list(2, list(3))))
str(seq(0.5, 5, by = 0.5))
str(letters)
str(NULL)
str(list())
