check_input <- function(x) {
  warning("input vector contains values outside the expected range and they were truncated")
  x
}
check_input(1:3)
1:3 + 1:2
