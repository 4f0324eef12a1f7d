for (i in 1:60) cat("step", i, "done\n")
stop("step 61 failed")
