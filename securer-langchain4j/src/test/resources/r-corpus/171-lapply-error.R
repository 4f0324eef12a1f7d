lapply(1:3, function(i) if (i == 2) stop("bad element ", i) else i)
