res <- lapply(c("1", "b", "3"), as.numeric)
unlist(res)
vals <- sapply(c("4", "x"), function(s) as.integer(s))
vals
