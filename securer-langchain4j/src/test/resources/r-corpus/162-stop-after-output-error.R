cat("hello\n")
print(1:3)
x <- 10
x
stop("boom")
"never printed"
