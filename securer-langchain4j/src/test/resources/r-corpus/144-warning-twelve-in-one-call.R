for (i in 1:12) as.numeric("x")
