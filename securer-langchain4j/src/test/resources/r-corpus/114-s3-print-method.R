new_money <- function(amount, currency = "EUR") {
  structure(list(amount = amount, currency = currency), class = "money")
}
print.money <- function(x, ...) {
  cat("<money>", formatC(x$amount, format = "f", digits = 2, big.mark = ","), x$currency, "\n")
  invisible(x)
}
format.money <- function(x, ...) paste(x$currency, sprintf("%.2f", x$amount))
"+.money" <- function(e1, e2) new_money(e1$amount + e2$amount, e1$currency)
m <- new_money(1234.5)
m
print(m)
m + new_money(10)
format(m)
unclass(m)
inherits(m, "money")
class(m)
