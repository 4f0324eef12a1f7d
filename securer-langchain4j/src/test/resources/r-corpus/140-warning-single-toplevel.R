as.numeric("x")
