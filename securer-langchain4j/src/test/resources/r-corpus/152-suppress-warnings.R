suppressWarnings(as.numeric("x"))
suppressWarnings({ warning("hidden"); "kept" })
x <- suppressWarnings(as.integer(c("1", "two", "3")))
x
