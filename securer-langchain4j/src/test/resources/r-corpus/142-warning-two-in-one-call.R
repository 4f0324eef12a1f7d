f <- function() {
  warning("first problem")
  warning("second problem")
  "done"
}
f()
