f <- function() warning("line one\nline two")
f()
g <- function() { warning("short"); warning("line A\nline B"); 0 }
g()
