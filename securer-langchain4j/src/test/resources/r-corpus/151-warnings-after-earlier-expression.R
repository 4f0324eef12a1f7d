f <- function() warning("w-in-f")
f()
warnings()
"between"
warnings()
