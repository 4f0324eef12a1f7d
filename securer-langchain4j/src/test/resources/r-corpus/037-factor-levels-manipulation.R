f <- factor(c("lo", "hi", "mid", "hi", "lo"), levels = c("lo", "mid", "hi"))
relevel(f, ref = "hi")
levels(f)[levels(f) == "mid"] <- "medium"
f
g <- f[f != "medium"]
g
droplevels(g)
factor(f, labels = c("L", "M", "H"))
rev(levels(f))
factor(f, levels = rev(levels(f)))
as.vector(f)
c(factor("a"), factor("b"))
nums <- factor(c("10", "5", "20"))
as.numeric(nums)
as.numeric(as.character(nums))
interaction(c("a", "b"), c("x", "y"))
