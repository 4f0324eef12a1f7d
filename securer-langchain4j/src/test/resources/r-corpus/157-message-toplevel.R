message("m")
"after message"
f <- function() { message("progress: 50%"); 99 }
f()
message("part ", 1, " of ", 3)
