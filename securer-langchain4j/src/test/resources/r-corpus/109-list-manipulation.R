l <- list(b = 2, a = 1, c = 3)
l[order(names(l))]
modifyList(l, list(a = 100, d = 4))
setNames(as.list(1:3), c("x", "y", "z"))
rapply(list(1, list(2, 3)), function(x) x * 10, how = "unlist")
rev(list(1, "a"))
l[sapply(l, function(v) v > 1)]
stack(l)
unlist(list(a = 1:2, b = list(c = 3, d = 4:5)))
lengths(list(a = 1:3, b = NULL, c = "x"))
identical(list(1), list(1))
c(list(1), list(2, 3))
as.list(c(p = 1, q = 2))
