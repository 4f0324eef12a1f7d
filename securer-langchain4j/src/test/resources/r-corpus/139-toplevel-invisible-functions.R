f <- function() invisible(42)
f()
x <- f()
x
assign("w", 1)
suppressWarnings(invisible(3))
library(utils)
set.seed(1)
for (i in 1:2) i
if (FALSE) 1
while (FALSE) 1
(function() invisible(5))()
