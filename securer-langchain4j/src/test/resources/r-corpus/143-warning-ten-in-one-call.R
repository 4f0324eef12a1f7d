for (i in 1:10) as.numeric("x")
