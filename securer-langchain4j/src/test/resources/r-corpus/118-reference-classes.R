# suppressMessages: setRefClass reports when the codetools package is absent
Account <- suppressMessages(setRefClass("Account",
  fields = list(owner = "character", balance = "numeric"),
  methods = list(
    deposit = function(x) { balance <<- balance + x; invisible(.self) },
    withdraw = function(x) {
      if (x > balance) stop("insufficient funds")
      balance <<- balance - x
      invisible(.self)
    },
    show = function() cat("Account of", owner, "with balance", balance, "\n")
  )))
a <- Account$new(owner = "Ann", balance = 100)
a$deposit(50)
a
a$withdraw(30)$balance
b <- a$copy(); b$deposit(1000)
c(a$balance, b$balance)
msg <- tryCatch(a$withdraw(1e6), error = function(e) conditionMessage(e))
msg
class(a)
