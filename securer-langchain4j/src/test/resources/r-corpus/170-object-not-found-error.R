x <- 1
x
undefined_variable
