integer(0)
character(0)
numeric(0)
logical(0)
NULL
list()
c()
length(NULL)
x <- 1:5
x[x > 10]
sum(integer(0))
max(-Inf, numeric(0))
data.frame()
factor(character(0))
is.null(list())
