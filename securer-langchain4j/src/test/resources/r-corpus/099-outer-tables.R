outer(1:9, 1:9)
outer(1:3, 1:4, "+")
outer(c(a = 1, b = 2), c(x = 10, y = 20, z = 30))
outer(c("a", "b"), 1:3, paste0)
x <- outer(1:5, 1:5, function(i, j) i >= j)
x * 1
