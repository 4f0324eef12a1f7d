x <- 5
x
x = 6
x
assign("y", 7)
y
y <<- 8
y
