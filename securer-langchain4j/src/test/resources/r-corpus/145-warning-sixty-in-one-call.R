for (i in 1:60) as.numeric("x")
