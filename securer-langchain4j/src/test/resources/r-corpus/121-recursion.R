fact <- function(n) if (n <= 1) 1 else n * fact(n - 1)
fact(10)
fib <- function(n) if (n < 2) n else fib(n - 1) + fib(n - 2)
sapply(0:15, fib)
memo <- new.env()
fib_m <- function(n) {
  key <- as.character(n)
  if (!is.null(memo[[key]])) return(memo[[key]])
  r <- if (n < 2) n else fib_m(n - 1) + fib_m(n - 2)
  memo[[key]] <- r
  r
}
fib_m(80)
format(fib_m(80), scientific = FALSE)
hanoi <- function(n, from = "A", to = "C", via = "B") {
  if (n == 0) return(0)
  hanoi(n - 1, from, via, to) + 1 + hanoi(n - 1, via, to, from)
}
hanoi(10)
flatten <- function(x) if (!is.list(x)) list(x) else do.call(c, lapply(x, flatten))
unlist(flatten(list(1, list(2, list(3, 4)), 5)))
