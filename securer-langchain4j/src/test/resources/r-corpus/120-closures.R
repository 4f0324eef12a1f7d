make_counter <- function() {
  i <- 0
  function() {
    i <<- i + 1
    i
  }
}
counter <- make_counter()
counter(); counter(); counter()
other <- make_counter()
other()
adders <- lapply(1:3, function(n) function(x) x + n)
sapply(adders, function(f) f(10))
power <- function(p) function(x) x^p
square <- power(2); cube <- power(3)
c(square(4), cube(2))
compose <- function(f, g) function(x) g(f(x))
inc_then_double <- compose(function(x) x + 1, function(x) x * 2)
inc_then_double(5)
