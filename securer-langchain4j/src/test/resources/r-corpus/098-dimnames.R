m <- matrix(c(5.1, 4.9, 6.3, 3.5, 3.0, 2.9), nrow = 3,
            dimnames = list(c("s1", "s2", "s3"), c("length", "width")))
m
dimnames(m)
rownames(m)
m["s2", "width"]
m[, "length"]
m["s3", , drop = FALSE]
colnames(m) <- toupper(colnames(m))
m
rbind(m, s4 = c(7, 3.2))
cbind(m, ratio = round(m[, 1] / m[, 2], 3))
as.data.frame(m)
