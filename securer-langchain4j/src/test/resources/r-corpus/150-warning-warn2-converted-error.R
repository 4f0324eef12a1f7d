options(warn = 2)
"before"
as.numeric("x")
"never printed"
