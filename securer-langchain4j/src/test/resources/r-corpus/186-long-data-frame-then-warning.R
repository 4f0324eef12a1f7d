scores <- data.frame(id = 1:30, score = seq(0.5, 15, by = 0.5))
check_rows <- function(d) {
  warning("more than 20 rows")
  d
}
check_rows(scores)
