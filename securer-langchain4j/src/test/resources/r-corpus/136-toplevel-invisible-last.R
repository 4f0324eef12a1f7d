cat("before\n")
invisible(7)
