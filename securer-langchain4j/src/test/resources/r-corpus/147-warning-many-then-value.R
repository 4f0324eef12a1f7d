for (i in 1:400) as.numeric("x"); 42
