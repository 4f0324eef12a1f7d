my_condition <- function(msg, class) structure(class = c(class, "condition"), list(message = msg, call = sys.call(-1)))
f <- function(x) {
  if (x < 0) stop(my_condition("negative value", c("negError", "error")))
  x
}
tryCatch(f(-1), negError = function(e) paste("handled negError:", conditionMessage(e)))
withCallingHandlers(
  { message("hello from message"); cat("after message\n") },
  message = function(m) { cat("got:", conditionMessage(m)); invokeRestart("muffleMessage") }
)
r <- withCallingHandlers(
  { warning("W1"); "finished" },
  warning = function(w) { cat("logging:", conditionMessage(w), "\n"); invokeRestart("muffleWarning") })
r
signalCondition(simpleCondition("ignored"))
tryCatch(signalCondition(structure(class = c("custom", "condition"), list(message = "sig", call = NULL))),
         custom = function(c) "custom caught")
suppressMessages({ message("hidden"); 5 })
