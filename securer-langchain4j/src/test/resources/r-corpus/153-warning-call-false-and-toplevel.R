f <- function() { warning("no call shown", call. = FALSE); 1 }
f()
warning("raised at top level")
